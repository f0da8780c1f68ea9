// The typed client made from a contract: one function per method, with a deadline per call
// (shortened by the caller's own deadline), retries for idempotent methods within a retry budget,
// and a client span and metrics per call. Where the call goes is the transport's business.
import { randomUUID } from 'node:crypto';
import type { Contract, InputOf, MethodDef, OutputOf } from '@mall/contracts';
import { MallError } from '@mall/contracts';
import { context, type Context, type Span } from '@opentelemetry/api';
import { markFailed, metrics, openSpan } from '../observability/index.ts';
import { RetryBudget } from './retry-budget.ts';
import { callScope } from './scope.ts';
import type { Transport, TransportCall } from './transport.ts';
import { UnavailableError } from './transport.ts';

export interface CallOptions {
  timeoutMs?: number;
}

export type Client<C extends Contract> = {
  [K in keyof C['methods']]: (input: InputOf<C['methods'][K]>, opts?: CallOptions) => Promise<OutputOf<C['methods'][K]>>;
} & { readonly transport: Transport };

export interface ClientOptions {
  /** Default deadline of a call, ms. */
  timeoutMs?: number;
  /** Attempts in all, first one included. */
  maxAttempts?: number;
  retryBudget?: RetryBudget;
}

export function createClient<C extends Contract>(contract: C, transport: Transport, opts: ClientOptions = {}): Client<C> {
  if (transport.service !== contract.service)
    throw new Error(`transport for ${transport.service} cannot serve contract ${contract.service}`);
  const settings = { timeoutMs: opts.timeoutMs ?? 5000, maxAttempts: opts.maxAttempts ?? 3, budget: opts.retryBudget ?? new RetryBudget() };
  const client: Record<string, unknown> = { transport };
  for (const def of Object.values(contract.methods) as MethodDef[]) {
    const spanName = `${def.service}.${def.name}`;
    const attributes = { 'rpc.service': def.service, 'rpc.method': def.name };
    const okDuration = metrics.rpcClientDuration.series({ target: def.service, method: def.name, outcome: 'ok' });
    client[def.name] = (input: unknown, callOpts?: CallOptions) => {
      // The client span is not made active: nothing runs inside it here, its context travels with the call instead.
      const parent = context.active();
      const span = openSpan(spanName, 'client', parent, () => attributes);
      return callWithRetries(def, input, transport, settings, okDuration, callOpts, parent, span);
    };
  }
  return client as Client<C>;
}

async function callWithRetries(
  def: MethodDef,
  input: unknown,
  transport: Transport,
  settings: { timeoutMs: number; maxAttempts: number; budget: RetryBudget },
  okDuration: { observe(seconds: number): void },
  callOpts: CallOptions | undefined,
  parent: Context,
  span: Span,
): Promise<unknown> {
  const started = performance.now();
  const scope = callScope.getStore();
  const own = Date.now() + (callOpts?.timeoutMs ?? settings.timeoutMs);
  const deadline = scope && scope.deadline < own ? scope.deadline : own;
  // A call made outside any request is named here, so the callee never has to tell its id back.
  const call: TransportCall = { deadline, requestId: scope?.requestId ?? randomUUID(), avoid: undefined, parent, span };
  settings.budget.deposit();
  for (let attempt = 1; ; attempt++) {
    let output: unknown;
    try {
      output = await transport.call(def, input, call);
    } catch (err) {
      const e = err instanceof MallError ? err : new MallError('INTERNAL', `${def.service}.${def.name} failed`, { cause: err });
      if (!mayRetry(def, e, attempt, settings.maxAttempts, deadline) || !settings.budget.withdraw()) {
        metrics.rpcClientDuration.observe({ target: def.service, method: def.name, outcome: e.code }, (performance.now() - started) / 1000);
        markFailed(span, e);
        span.end();
        throw e;
      }
      metrics.rpcClientRetries.inc({ target: def.service, method: def.name });
      if (e instanceof UnavailableError && e.instanceId) (call.avoid ??= new Set()).add(e.instanceId);
      await backoff(attempt, deadline);
      continue;
    }
    okDuration.observe((performance.now() - started) / 1000);
    span.end();
    return output;
  }
}

/** Idempotent methods retry on any unavailability; others only when the request certainly never left. */
function mayRetry(def: MethodDef, e: MallError, attempt: number, maxAttempts: number, deadline: number): boolean {
  if (attempt >= maxAttempts || Date.now() >= deadline) return false;
  if (e instanceof UnavailableError) return def.idempotent || !e.sent;
  return def.idempotent && e.code === 'UNAVAILABLE';
}

function backoff(attempt: number, deadline: number): Promise<void> {
  const ms = Math.min(Math.random() * 10 * 2 ** attempt, Math.max(0, (deadline - Date.now()) / 4));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
