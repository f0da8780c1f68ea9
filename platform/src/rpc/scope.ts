// The call scope: what an RPC carries into its handler and on to the handler's own downstream calls
// (the deadline above all), kept in the async context so business code never threads it by hand.
// It rides in OpenTelemetry's context, the process's one AsyncLocalStorage, next to the trace.
import { context, createContextKey, type Context } from '@opentelemetry/api';
import '../observability/async-context.ts';

export interface CallScope {
  /** Absolute time (epoch ms) after which nobody waits for the answer any more. */
  deadline: number;
  requestId: string;
}

const SCOPE_KEY = createContextKey('mall.call-scope');

export const callScope = {
  /** The scope of the call being handled, or undefined outside any. */
  getStore(): CallScope | undefined {
    return context.active().getValue(SCOPE_KEY) as CallScope | undefined;
  },
  /** Runs fn inside `scope`, in `parent` (default: the active context). */
  run<A extends unknown[], R>(scope: CallScope, fn: (...args: A) => R, ...args: A): R {
    return context.with(context.active().setValue(SCOPE_KEY, scope), fn, undefined, ...args);
  },
  /** `parent` with `scope` in it, for a caller that enters the context itself. */
  within(parent: Context, scope: CallScope): Context {
    return parent.setValue(SCOPE_KEY, scope);
  },
};

export const Headers = {
  timeout: 'x-mall-timeout-ms',
  requestId: 'x-request-id',
} as const;
