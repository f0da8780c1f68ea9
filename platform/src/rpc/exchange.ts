// One RPC's HTTP exchange on undici's dispatcher API: the request goes out on a pooled connection and the
// answer is gathered into one buffer, with no response stream, no header object and no AsyncResource per call.
// A client that reads every answer whole and only needs its status does not pay for what Pool.request builds.
import { errors, type Dispatcher } from 'undici';

/**
 * undici runs its headers and body timeouts on coarse timers (a tick of about half a second), so a call may wait
 * up to a second past them: a deadline shorter than this gets a precise timer of its own, on top of undici's.
 */
export const PRECISE_DEADLINE_BELOW_MS = 2000;

export interface Answer {
  statusCode: number;
  /** The whole body as undici received it (the server frames it by Content-Length). */
  body: Buffer;
}

export interface ExchangeRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /**
   * The call's remaining time, ms: undici's headers and body timeouts and, when it is short, a timer on the whole
   * exchange (PRECISE_DEADLINE_BELOW_MS). Either way the call fails with undici's timeout errors.
   */
  timeoutMs: number;
}

/** Sends one POST through the dispatcher and resolves with the status and the whole body. */
export function exchange(dispatcher: Dispatcher, request: ExchangeRequest): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const handler = new AnswerHandler(resolve, reject, request.timeoutMs);
    dispatcher.dispatch(
      {
        path: request.path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      },
      handler,
    );
  });
}

/**
 * undici's handler callbacks (the ones its own Pool.request implements): the status from the head, the chunks
 * of the body, one settle at the end or on the first error. Raw headers are never parsed: nothing reads them.
 */
class AnswerHandler implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private chunks: Buffer[] = [];
  private settled = false;
  private abort: ((err: Error) => void) | undefined;
  private expired: Error | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (err: Error) => void,
    timeoutMs: number,
  ) {
    if (timeoutMs < PRECISE_DEADLINE_BELOW_MS) this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  onConnect(abort: (err?: Error) => void): void {
    // A call whose deadline passed while it waited for a connection is never written.
    if (this.expired) abort(this.expired);
    else this.abort = abort;
  }

  onHeaders(statusCode: number): boolean {
    this.statusCode = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (!this.finish()) return;
    const { chunks } = this;
    this.resolve({ statusCode: this.statusCode, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
  }

  onError(err: Error): void {
    if (this.finish()) this.reject(err);
  }

  /** The deadline passed: the caller hears it now, and the request is aborted (its connection closed) or never sent. */
  private expire(): void {
    if (!this.finish()) return;
    this.expired = this.statusCode === 0 ? new errors.HeadersTimeoutError() : new errors.BodyTimeoutError();
    this.reject(this.expired);
    this.abort?.(this.expired);
  }

  /** True the first time only: an exchange settles once, whichever of its ends comes first. */
  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    return true;
  }
}
