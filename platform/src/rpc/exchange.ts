// One RPC's HTTP exchange on undici's dispatcher API: the request goes out on a pooled connection and the
// answer is gathered into one buffer, with no response stream, no header object and no async resource per call.
// A client that reads every answer whole and only needs its status does not pay for what Pool.request builds.
import type { Dispatcher } from 'undici';

export interface Answer {
  statusCode: number;
  /** The whole body as undici received it (the server frames it by Content-Length). */
  body: Buffer;
}

export interface ExchangeRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** ms until the response headers, then between body chunks (undici's own timers). */
  timeoutMs: number;
}

/** Sends one POST through the dispatcher and resolves with the status and the whole body. */
export function exchange(dispatcher: Dispatcher, request: ExchangeRequest): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const handler = new AnswerHandler(resolve, reject);
    dispatcher.dispatch(
      { path: request.path, method: 'POST', headers: request.headers, body: request.body, headersTimeout: request.timeoutMs, bodyTimeout: request.timeoutMs },
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

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onConnect(): void {
    // Nothing to keep: a call is never aborted from this side (its deadline is undici's headers and body timeouts).
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
    if (this.settled) return;
    this.settled = true;
    const { chunks } = this;
    this.resolve({ statusCode: this.statusCode, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
  }

  onError(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }
}
