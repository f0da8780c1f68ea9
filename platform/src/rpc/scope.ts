// The call scope: what an RPC carries into its handler and on to the handler's own downstream calls
// (the deadline above all), kept in AsyncLocalStorage so business code never threads it by hand.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CallScope {
  /** Absolute time (epoch ms) after which nobody waits for the answer any more. */
  deadline: number;
  requestId: string;
}

export const callScope = new AsyncLocalStorage<CallScope>();

export const Headers = {
  timeout: 'x-mall-timeout-ms',
  requestId: 'x-request-id',
} as const;
