// One request a server answers, as observability sees it: its request id, the server span continuing the
// caller's trace, and its latency. Shared by the Fastify hooks and the RPC fast path, so both record alike.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ROOT_CONTEXT, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { metrics, type LatencySeries } from './metrics.ts';
import { extractTraceContext, remoteSpanContext } from './propagation.ts';
import { childOfRemote, contextForService, hasIds, markFailed, openSpan, spansCarryOnlyIds } from './spans.ts';

/** Label used for requests that matched no route (404s), instead of their unbounded raw URLs. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface ServedRequest {
  readonly span: Span;
  /** The caller's trace continued by the server span: the context the request is handled in. */
  readonly context: Context;
  /** For the x-trace-id response header; undefined when the span has no valid ids (tracing never started). */
  readonly traceId: string | undefined;
  /** The caller sent a valid trace context, which the server span continues: the caller knows the trace id. */
  readonly callerTraced: boolean;
}

/** A client-supplied id is kept only when it is short and plain, so it cannot inject into headers or logs. */
export function chooseRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.length <= 128 && /^[\w.:-]+$/.test(value) ? value : randomUUID();
}

/** Opens the server span of a request; its parent is only the remote caller, never the socket's own async context. */
export function beginServedRequest(
  service: string,
  request: { method: string; route: string | undefined; url: string; headers: IncomingHttpHeaders; requestId: string },
): ServedRequest {
  if (spansCarryOnlyIds()) {
    // Only ids are made: the server span is built from the caller's traceparent, no context in between.
    const remote = remoteSpanContext(request.headers);
    if (remote !== undefined) return served(childOfRemote(remote), ROOT_CONTEXT, remote !== null);
  }
  const remote = extractTraceContext(request.headers, ROOT_CONTEXT, { lowercase: true });
  const parent = spansCarryOnlyIds() ? remote : contextForService(service, remote);
  const { method, route } = request;
  const span = openSpan(route ? `${method} ${route}` : method, 'server', parent, () => ({
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_HTTP_ROUTE]: route ?? UNMATCHED_ROUTE,
    [ATTR_URL_PATH]: request.url.split('?')[0] ?? request.url,
    'mall.request_id': request.requestId,
  }));
  return served(span, parent, trace.getSpanContext(remote) !== undefined);
}

function served(span: Span, parent: Context, callerTraced: boolean): ServedRequest {
  const spanContext = span.spanContext();
  return { span, context: trace.setSpan(parent, span), traceId: hasIds(spanContext) ? spanContext.traceId : undefined, callerTraced };
}

/**
 * The x-request-id and x-trace-id an answer carries. At the edge both, for whoever reads the response. To a calling
 * service (an RPC) only the ones this server chose: the caller sent the others and never reads them back (Envoy's
 * default as well), so two headers per call are neither written nor parsed.
 */
export function answeredIds(
  served: ServedRequest | undefined,
  requestId: string,
  sentRequestId: string | string[] | undefined,
  toService: boolean,
): { requestId: string | undefined; traceId: string | undefined } {
  const traceId = served?.traceId;
  if (!toService) return { requestId, traceId };
  return { requestId: requestId === sentRequestId ? undefined : requestId, traceId: served?.callerTraced ? undefined : traceId };
}

/** Ends the server span: with the status answered, or failed when the client went away (statusCode undefined). */
export function endServedRequest(served: ServedRequest, statusCode: number | undefined): void {
  const { span } = served;
  if (statusCode === undefined) {
    markFailed(span, new Error('client aborted the request'));
  } else if (span.isRecording()) {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    // 4xx are the caller's mistakes, not failures of this server (OpenTelemetry HTTP conventions).
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${statusCode}` });
  }
  span.end();
}

/** Records request latency by method, route pattern and status, resolving each label set once. */
export class DurationRecorder {
  private readonly routes = new Map<string, (statusCode: number, seconds: number) => void>();

  constructor(private readonly service: string) {}

  /** A recorder for one method and route, which a server knows before the request (the RPC fast path). */
  forRoute(method: string, route: string): (statusCode: number, seconds: number) => void {
    const byStatus = new Map<number, LatencySeries>();
    return (statusCode, seconds) => {
      let series = byStatus.get(statusCode);
      if (!series) {
        series = metrics.httpServerDuration.series({ service: this.service, method, route, status_code: String(statusCode) });
        byStatus.set(statusCode, series);
      }
      series.observe(seconds);
    };
  }

  record(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${route}`;
    let recorder = this.routes.get(key);
    if (!recorder) {
      recorder = this.forRoute(method, route);
      this.routes.set(key, recorder);
    }
    recorder(statusCode, seconds);
  }
}
