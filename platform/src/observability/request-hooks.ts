// Per-request observability for Fastify: request id, a server span continuing the caller's trace, and latency metrics.
// Latency is labelled by route pattern (/items/:id), never the raw URL, to keep the series count bounded.
import { context } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  answeredIds,
  beginServedRequest,
  chooseRequestId,
  DurationRecorder,
  endServedRequest,
  UNMATCHED_ROUTE,
  type ServedRequest,
} from './served-request.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers another service (an RPC route): its answer carries back only the ids this server chose. */
    serviceCall?: boolean;
  }
}

export { UNMATCHED_ROUTE };

const requestIds = new WeakMap<FastifyRequest, string>();
const servedRequests = new WeakMap<FastifyRequest, ServedRequest>();

/** The x-request-id of a request handled under the observability plugin. */
export function requestIdOf(request: FastifyRequest): string | undefined {
  return requestIds.get(request);
}

export function registerRequestHooks(app: FastifyInstance, service: string, untracedRoutes: ReadonlySet<string>): void {
  app.addHook('onRequest', (request, reply, done) => {
    const sent = request.headers['x-request-id'];
    const requestId = chooseRequestId(sent);
    requestIds.set(request, requestId);
    const route = request.routeOptions.url;
    const untraced = route !== undefined && untracedRoutes.has(route);
    const served = untraced
      ? undefined
      : beginServedRequest(service, { method: request.method, route, url: request.url, headers: request.headers, requestId });
    const answered = answeredIds(served, requestId, sent, request.routeOptions.config?.serviceCall === true);
    if (answered.requestId) reply.header('x-request-id', answered.requestId);
    if (!served) return done();
    servedRequests.set(request, served);
    if (answered.traceId) reply.header('x-trace-id', answered.traceId);
    // Later hooks, body parsers and the handler inherit this context (Fastify carries it across parsing).
    context.with(served.context, done);
  });
  app.addHook('onError', (request, _reply, error, done) => {
    servedRequests.get(request)?.span.recordException(error);
    done();
  });
  const durations = new DurationRecorder(service);
  app.addHook('onResponse', (request, reply, done) => {
    durations.record(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
}

function end(request: FastifyRequest, statusCode: number | undefined): void {
  const served = servedRequests.get(request);
  if (!served) return;
  servedRequests.delete(request);
  endServedRequest(served, statusCode);
}
