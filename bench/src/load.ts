// Drives targets with autocannon from the runner process. A target is measured in segments that
// the runner interleaves with the other targets' (so a burst of background load hits them all
// alike); a tally adds the segments up, with latencies kept in microseconds for p50/p99.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import autocannon, { type Result } from 'autocannon';

/** One request, sent again and again: the target's URL, and for the mall's routes a method, headers and body. */
export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers: a run with any is not a valid figure. */
  failures: number;
  /** What the failures were: non-2xx statuses by code, errors, timeouts ('' when none). */
  failureDetail: string;
}

export class Tally {
  private readonly latencyUs: RecordableHistogram = createHistogram();
  private requests = 0;
  private seconds = 0;
  private failures = 0;
  private readonly failedBy = new Map<string, number>();

  /** One measured segment of `seconds` at `connections` concurrent connections. */
  async segment(request: LoadRequest, connections: number, seconds: number): Promise<number> {
    const result = await drive(request, connections, seconds, (ms, status) => {
      this.latencyUs.record(Math.max(1, Math.round(ms * 1000)));
      if (status < 200 || status > 299) this.countFailure(`HTTP ${status}`, 1);
    });
    this.requests += result.requests.total;
    this.seconds += result.duration;
    this.failures += result.errors + result.timeouts + result.non2xx;
    this.countFailure('errors', result.errors);
    this.countFailure('timeouts', result.timeouts);
    return result.requests.total / result.duration;
  }

  private countFailure(kind: string, n: number): void {
    if (n > 0) this.failedBy.set(kind, (this.failedBy.get(kind) ?? 0) + n);
  }

  result(): Measurement {
    return {
      requestsPerSecond: this.requests / this.seconds,
      p50Ms: this.latencyUs.percentile(50) / 1000,
      p99Ms: this.latencyUs.percentile(99) / 1000,
      requests: this.requests,
      failures: this.failures,
      failureDetail: [...this.failedBy].map(([kind, n]) => `${kind}: ${n}`).join(', '),
    };
  }
}

/** Load that is not measured: JIT, pools and keep-alive sockets settle before the first segment. */
export async function warmUp(request: LoadRequest, connections: number, seconds: number): Promise<void> {
  if (seconds > 0) await drive(request, connections, seconds, () => undefined);
}

function drive(
  request: LoadRequest,
  connections: number,
  seconds: number,
  onResponse: (ms: number, status: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...request, connections, duration: seconds, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTimeMs: number) =>
      onResponse(responseTimeMs, status),
    );
  });
}

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}
