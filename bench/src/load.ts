// Drives targets with autocannon from the runner process. A target is measured in segments that
// the runner interleaves with the other targets' (so a burst of background load hits them all
// alike); a tally adds the segments up, with latencies kept in microseconds for p50/p99.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import autocannon, { type Result } from 'autocannon';

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers: a run with any is not a valid figure. */
  failures: number;
}

export class Tally {
  private readonly latencyUs: RecordableHistogram = createHistogram();
  private requests = 0;
  private seconds = 0;
  private failures = 0;

  /** One measured segment of `seconds` at `connections` concurrent connections. */
  async segment(url: string, connections: number, seconds: number): Promise<number> {
    const result = await drive(url, connections, seconds, (ms) => this.latencyUs.record(Math.max(1, Math.round(ms * 1000))));
    this.requests += result.requests.total;
    this.seconds += result.duration;
    this.failures += result.errors + result.timeouts + result.non2xx;
    return result.requests.total / result.duration;
  }

  result(): Measurement {
    return {
      requestsPerSecond: this.requests / this.seconds,
      p50Ms: this.latencyUs.percentile(50) / 1000,
      p99Ms: this.latencyUs.percentile(99) / 1000,
      requests: this.requests,
      failures: this.failures,
    };
  }
}

/** Load that is not measured: JIT, pools and keep-alive sockets settle before the first segment. */
export async function warmUp(url: string, connections: number, seconds: number): Promise<void> {
  if (seconds > 0) await drive(url, connections, seconds, () => undefined);
}

function drive(url: string, connections: number, seconds: number, onLatency: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, timeout: 10 }, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => onLatency(responseTimeMs));
  });
}

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}
