// How a client reaches a service: over HTTP to one of its instances (cluster) or straight into the
// bound handlers of the same process (all-in-one). The client above it does deadlines and retries.
import type { Context, Span } from '@opentelemetry/api';
import type { MethodDef } from '@mall/contracts';
import { MallError } from '@mall/contracts';

export interface TransportCall {
  deadline: number;
  /** The request id of the call being served, passed on; a call made outside any request has one of its own. */
  requestId: string;
  /** Instances that already failed this call (made at the first failure); a retry prefers others. */
  avoid: Set<string> | undefined;
  /** The caller's context, and the client span opened in it: their trace goes out in the headers, or in process around the handler. */
  parent: Context;
  span: Span;
}

export interface Transport {
  readonly service: string;
  call(def: MethodDef, input: unknown, call: TransportCall): Promise<unknown>;
  close(): Promise<void>;
}

/** The instance could not take the call. `sent: false` means it certainly never ran, so even a non-idempotent call may go elsewhere. */
export class UnavailableError extends MallError {
  readonly sent: boolean;
  readonly instanceId: string | undefined;
  constructor(message: string, opts: { sent: boolean; instanceId?: string; cause?: unknown }) {
    super('UNAVAILABLE', message, { status: 503, cause: opts.cause });
    this.sent = opts.sent;
    this.instanceId = opts.instanceId;
  }
}
