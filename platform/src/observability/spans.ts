// Spans: run work inside an OpenTelemetry span and read the active trace ids.
// Works before startTracing too (no-op spans), so kernel code never has to check whether tracing is on.
import {
  SpanKind, SpanStatusCode, context, createContextKey, isSpanContextValid, trace,
  type Attributes, type Context, type Span,
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

export function tracer() {
  return trace.getTracer('@mall/platform');
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
  const attributes: Attributes = { ...opts.attributes };
  return tracer().startActiveSpan(name, { kind: toSpanKind(opts.kind), attributes }, parent, async (span) => {
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
