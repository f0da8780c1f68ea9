// Spans: run work inside an OpenTelemetry span and read the active trace ids.
// Works before startTracing too (no-op spans), so kernel code never has to check whether tracing is on.
import { randomFillSync } from 'node:crypto';
import {
  INVALID_SPANID,
  INVALID_TRACEID,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  createContextKey,
  isSpanContextValid,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';

export type SpanKindName = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

export interface SpanOptions {
  kind: SpanKindName;
  attributes?: Record<string, string | number | boolean>;
  /** Parent context, e.g. from extractTraceContext; defaults to the active context. */
  parent?: Context;
}

/** Span attribute naming the service a span belongs to (one process may host many services). */
export const SERVICE_ATTRIBUTE = 'mall.service';

const SERVICE_KEY = createContextKey('mall.service');

const KINDS: Record<SpanKindName, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/**
 * How this process makes spans, set by startTracing: 'off' before it (the API's no-op spans), 'ids' when
 * nothing exports spans (only their ids are made, for logs, x-trace-id and propagation), 'recording' with an exporter.
 */
export type TraceMode = 'off' | 'ids' | 'recording';

let mode: TraceMode = 'off';
let cachedTracer: Tracer | undefined;

/**
 * A span context carries real ids: the cheap check for the request path, where contexts come from this module or
 * from a traceparent already checked in full (isSpanContextValid runs two regular expressions).
 */
export function hasIds(spanContext: SpanContext): boolean {
  const { traceId, spanId } = spanContext;
  return traceId.length === 32 && spanId.length === 16 && traceId !== INVALID_TRACEID && spanId !== INVALID_SPANID;
}

/** True when spans are only made for their ids: nothing reads their names, attributes or the service in their context. */
export function spansCarryOnlyIds(): boolean {
  return mode === 'ids';
}

export function setTraceMode(next: TraceMode): void {
  mode = next;
  cachedTracer = undefined;
}

export function tracer(): Tracer {
  cachedTracer ??= trace.getTracer('@mall/platform');
  return cachedTracer;
}

/**
 * Starts a span without making it active. Without an exporter nobody reads a span but its ids, so in 'ids'
 * mode only the ids are made: the child of a valid parent keeps its trace, anything else starts a new one, and
 * neither is sampled (what the SDK does for a span it does not record), and no attributes are built.
 */
export function openSpan(name: string, kind: SpanKindName, parent: Context, attributes?: () => Attributes): Span {
  if (mode === 'ids') return trace.wrapSpanContext(childSpanContext(trace.getSpanContext(parent)));
  return tracer().startSpan(name, { kind: KINDS[kind], attributes: attributes?.() }, parent);
}

/** In 'ids' mode, the span a server opens for a caller's span (null: no caller), without a context for the caller. */
export function childOfRemote(remote: SpanContext | null): Span {
  return trace.wrapSpanContext(childSpanContext(remote ?? undefined));
}

function childSpanContext(parent: SpanContext | undefined): SpanContext {
  const spanId = randomHex(8);
  if (parent && (parent.isRemote || isSpanContextValid(parent))) {
    return {
      traceId: parent.traceId,
      spanId,
      traceFlags: TraceFlags.NONE,
      ...(parent.traceState ? { traceState: parent.traceState } : {}),
    };
  }
  return { traceId: randomHex(16), spanId, traceFlags: TraceFlags.NONE };
}

// Random ids are cut from a pool filled by the CSPRNG a few hundred ids at a time, instead of one call per id,
// and spelt in hex through a table (Buffer#toString crosses into C++ for a few bytes).
const idPool = Buffer.allocUnsafe(4096);
let idOffset = idPool.length;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const ZERO_IDS = new Set(['0'.repeat(16), '0'.repeat(32)]);

function randomHex(bytes: number): string {
  for (;;) {
    if (idOffset + bytes > idPool.length) {
      randomFillSync(idPool);
      idOffset = 0;
    }
    let hex = '';
    for (let i = idOffset, end = idOffset + bytes; i < end; i++) hex += HEX[idPool[i]!];
    idOffset += bytes;
    // An all-zero id is invalid (W3C trace context); drawing one is a 2^-64 event, but it must not escape.
    if (!ZERO_IDS.has(hex)) return hex;
  }
}

export function toSpanKind(kind: SpanKindName): SpanKind {
  return KINDS[kind];
}

/** A context whose spans are attributed to `service` (read back by serviceOf and the span processor). */
export function contextForService(service: string, parent: Context = context.active()): Context {
  return parent.setValue(SERVICE_KEY, service);
}

/** Runs fn with every span started inside it attributed to `service`. */
export function withService<R>(service: string, fn: () => R): R {
  return context.with(contextForService(service), fn);
}

export function serviceOf(ctx: Context): string | undefined {
  const value = ctx.getValue(SERVICE_KEY);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Runs fn inside a new active span. A thrown error is recorded on the span, marks it ERROR and is
 * rethrown; success leaves the status UNSET (the OpenTelemetry rule for instrumentation) unless fn set one.
 */
export function withSpan<R>(name: string, opts: SpanOptions, fn: (span: Span) => Promise<R>): Promise<R> {
  const parent = opts.parent ?? context.active();
  const span = openSpan(name, opts.kind, parent, () => ({ ...opts.attributes }));
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records an error on a span and sets its status to ERROR. */
export function markFailed(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

/** Trace id of the active span, or undefined outside any (valid) span. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** Span id of the active span, or undefined outside any (valid) span. */
export function currentSpanId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext.spanId : undefined;
}
