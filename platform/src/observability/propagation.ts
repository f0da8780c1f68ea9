// Propagation: W3C trace context (traceparent/tracestate) and baggage in and out of header maps.
// Uses its own propagator rather than the global one so RPC and bus headers carry context even before startTracing.
import { context, type Context, type TextMapGetter } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

export type IncomingHeaders = Record<string, string | string[] | undefined>;

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

// Header names are matched case-insensitively: Node lowercases them, but bus messages and tests may not.
const headerGetter: TextMapGetter<IncomingHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const exact = carrier[key];
    if (exact !== undefined) return exact;
    const found = Object.keys(carrier).find((name) => name.toLowerCase() === key);
    return found === undefined ? undefined : carrier[found];
  },
};

/** A copy of headers plus traceparent/tracestate/baggage of the active context (unchanged outside a span). */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  const out = { ...headers };
  propagator.inject(ctx, out, {
    set(carrier, key, value) {
      carrier[key] = value;
    },
  });
  return out;
}

/** The active context continued with the remote span described by the headers (if any, and valid). */
export function extractTraceContext(headers: IncomingHeaders, base: Context = context.active()): Context {
  return propagator.extract(base, headers, headerGetter);
}
