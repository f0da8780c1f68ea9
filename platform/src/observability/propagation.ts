// Propagation: W3C trace context (traceparent/tracestate) and baggage in and out of header maps.
// Uses its own propagator rather than the global one so RPC and bus headers carry context even before startTracing.
import {
  INVALID_SPANID as INVALID_SPAN_ID,
  INVALID_TRACEID as INVALID_TRACE_ID,
  TraceFlags,
  context,
  propagation,
  trace,
  type Context,
  type Span,
  type SpanContext,
  type TextMapGetter,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator, isTracingSuppressed } from '@opentelemetry/core';
import { hasIds } from './spans.ts';

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

// For header maps whose names are lower case already (Node's incoming HTTP headers): no scan for a missing one.
const lowercaseGetter: TextMapGetter<IncomingHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const setter = {
  set(carrier: Record<string, string>, key: string, value: string) {
    carrier[key] = value;
  },
};

/** A copy of headers plus traceparent/tracestate/baggage of the active context (unchanged outside a span). */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  const out = { ...headers };
  setTraceHeaders(out, ctx);
  return out;
}

/**
 * Writes traceparent/tracestate/baggage of ctx into carrier. Without baggage (every RPC unless a caller sets
 * some) the traceparent is written directly, exactly as the W3C propagator writes it, skipping its generic path.
 */
export function setTraceHeaders(carrier: Record<string, string>, ctx: Context = context.active()): void {
  if (propagation.getBaggage(ctx) !== undefined) {
    propagator.inject(ctx, carrier, setter);
    return;
  }
  const spanContext = trace.getSpanContext(ctx);
  if (spanContext && !isTracingSuppressed(ctx)) writeSpanContext(carrier, spanContext);
}

/** setTraceHeaders of `parent` with `span` set in it, without making that context (an RPC client's every call). */
export function setCallTraceHeaders(carrier: Record<string, string>, parent: Context, span: Span): void {
  if (propagation.getBaggage(parent) !== undefined) {
    propagator.inject(trace.setSpan(parent, span), carrier, setter);
    return;
  }
  if (!isTracingSuppressed(parent)) writeSpanContext(carrier, span.spanContext());
}

function writeSpanContext(carrier: Record<string, string>, spanContext: SpanContext): void {
  if (!hasIds(spanContext)) return;
  carrier.traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-0${Number(spanContext.traceFlags || TraceFlags.NONE).toString(16)}`;
  if (spanContext.traceState) carrier.tracestate = spanContext.traceState.serialize();
}

/**
 * The active context continued with the remote span described by the headers (if any, and valid).
 * `lowercase`: the header names are lower case already (Node's HTTP headers), so a missing header is not searched for.
 */
export function extractTraceContext(
  headers: IncomingHeaders,
  base: Context = context.active(),
  opts: { lowercase?: boolean } = {},
): Context {
  if (!opts.lowercase) return propagator.extract(base, headers, headerGetter);
  const remote = remoteSpanContext(headers);
  if (remote === undefined) return propagator.extract(base, headers, lowercaseGetter);
  return remote === null ? base : trace.setSpanContext(base, remote);
}

/**
 * The caller's span from lower-case headers that carry a traceparent alone (the usual RPC), read as the W3C
 * propagator reads it without its generic path: null when there is none or it is invalid, undefined when
 * tracestate or baggage come too (then extractTraceContext is the way).
 */
export function remoteSpanContext(headers: IncomingHeaders): SpanContext | null | undefined {
  if (headers.baggage !== undefined || headers.tracestate !== undefined) return undefined;
  const { traceparent } = headers;
  if (traceparent === undefined) return null;
  if (typeof traceparent !== 'string') return undefined;
  const match = CURRENT_TRACE_PARENT.exec(traceparent) ?? TRACE_PARENT.exec(traceparent);
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5])) return null;
  const traceId = match[2]!;
  const spanId = match[3]!;
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return null;
  return { traceId, spanId, traceFlags: parseInt(match[4]!, 16), isRemote: true };
}

// version-traceid-parentid-flags; version ff is forbidden and version 00 has nothing after the flags.
const TRACE_PARENT = /^\s?([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?\s?$/;
// What every current caller sends, matched first with a simpler pattern.
const CURRENT_TRACE_PARENT = /^(00)-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})()$/;
