// Per-request observability for Fastify: request id, a server span continuing the caller's trace, and latency metrics.
// Latency is labelled by route pattern (/items/:id), never the raw URL, to keep the series count bounded.
import { randomUUID } from 'node:crypto';
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, context, isSpanContextValid, trace, type Context, type Span,
} from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { metrics } from './metrics.ts';
import { extractTraceContext } from './propagation.ts';
import { contextForService, markFailed, tracer } from './spans.ts';

/** Label used for requests that matched no route (404s), instead of their unbounded raw URLs. */
export const UNMATCHED_ROUTE = 'unmatched';

interface ServerSpan {
  span: Span;
  ctx: Context;
}

const requestIds = new WeakMap<FastifyRequest, string>();
const serverSpans = new WeakMap<FastifyRequest, ServerSpan>();

/** The x-request-id of a request handled under the observability plugin. */
export function requestIdOf(request: FastifyRequest): string | undefined {
  return requestIds.get(request);
}

export function registerRequestHooks(app: FastifyInstance, service: string, untracedRoutes: ReadonlySet<string>): void {
  app.addHook('onRequest', (request, reply, done) => {
    const requestId = chooseRequestId(request.headers['x-request-id']);
    requestIds.set(request, requestId);
    reply.header('x-request-id', requestId);
    const route = request.routeOptions.url;
    if (route !== undefined && untracedRoutes.has(route)) return done();
    const serverSpan = startServerSpan(request, service, requestId);
    serverSpans.set(request, serverSpan);
    const traceId = serverSpan.span.spanContext().traceId;
    if (isSpanContextValid(serverSpan.span.spanContext())) reply.header('x-trace-id', traceId);
    // Later hooks, body parsers and the handler inherit this context (Fastify carries it across parsing).
    context.with(serverSpan.ctx, done);
  });
  app.addHook('onError', (request, _reply, error, done) => {
    serverSpans.get(request)?.span.recordException(error);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    recordDuration(request, reply, service);
    endServerSpan(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    endServerSpan(request, undefined);
    done();
  });
}

// A client-supplied id is kept only when it is short and plain, so it cannot inject into headers or logs.
function chooseRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.length <= 128 && /^[\w.:-]+$/.test(value) ? value : randomUUID();
}

function startServerSpan(request: FastifyRequest, service: string, requestId: string): ServerSpan {
  // The parent is only the remote caller: the socket's own async context must never leak into a request.
  const parent = contextForService(service, extractTraceContext(request.headers, ROOT_CONTEXT));
  const route = request.routeOptions.url;
  const span = tracer().startSpan(route ? `${request.method} ${route}` : request.method, {
    kind: SpanKind.SERVER,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_HTTP_ROUTE]: route ?? UNMATCHED_ROUTE,
      [ATTR_URL_PATH]: request.url.split('?')[0] ?? request.url,
      'mall.request_id': requestId,
    },
  }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

function endServerSpan(request: FastifyRequest, statusCode: number | undefined): void {
  const serverSpan = serverSpans.get(request);
  if (!serverSpan) return;
  serverSpans.delete(request);
  const { span } = serverSpan;
  if (statusCode === undefined) {
    markFailed(span, new Error('client aborted the request'));
  } else {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    // 4xx are the caller's mistakes, not failures of this server (OpenTelemetry HTTP conventions).
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${statusCode}` });
  }
  span.end();
}

function recordDuration(request: FastifyRequest, reply: FastifyReply, service: string): void {
  metrics.httpServerDuration.observe({
    service,
    method: request.method,
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    status_code: String(reply.statusCode),
  }, reply.elapsedTime / 1000);
}
