// Mounts the /api routes declared in the contracts, each with its handler, its schemas (validation and
// serialization), authentication, the access log, and one deadline shared by its downstream calls.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { gatewayRoutes, MallError, routeKey, successStatus, type RouteDef } from '@mall/contracts';
import { requestIdOf, type Logger } from '@mall/platform/observability';
import { callScope } from '@mall/platform/rpc';
import { accessLogHook } from './access-log.ts';
import type { Authenticator } from './authentication.ts';
import type { Authorizer } from './authorization/authorizer.ts';
import { retryAfterHeader, type EdgeRateLimits } from './rate-limit.ts';
import { rateLimitHeaders } from './rate-limit-headers.ts';
import { Serialized, type EdgeHandler, type EdgeHandlers } from './routes/edge-handler.ts';
import { validationError } from './validation-errors.ts';

export const API_PREFIX = '/api';

export interface ApiOptions {
  handlers: EdgeHandlers;
  authenticator: Authenticator;
  /** IP rules before authentication, then bans and RBAC after it. */
  authorizer?: Authorizer;
  /** Address limits before authentication, user and global limits after it; 429 answers get Retry-After. */
  rateLimits?: EdgeRateLimits;
  log: Logger;
  requestTimeoutMs: () => number;
}

/** A declared route with its handler and the success status its answers carry. */
interface ServedRoute {
  route: RouteDef;
  handler: EdgeHandler;
  status: number;
}

/** The routes under /api; a declared route without a handler (or the reverse) fails the start. */
export function apiRoutes(handlers: EdgeHandlers): ServedRoute[] {
  const routes = gatewayRoutes.filter((route) => route.path.startsWith(`${API_PREFIX}/`));
  const declared = new Set(routes.map(routeKey));
  const stray = Object.keys(handlers).filter((key) => !declared.has(key));
  if (stray.length > 0) throw new Error(`gateway handlers without a route in contracts/src/gateway.ts: ${stray.join(', ')}`);
  return routes.map((route) => {
    const handler = handlers[routeKey(route)];
    if (!handler) throw new Error(`route ${routeKey(route)} is declared in the contracts but the gateway has no handler`);
    if (handler.route !== route) throw new Error(`the handler of ${routeKey(route)} is bound to another declaration of the route`);
    return { route, handler, status: successStatus(route) };
  });
}

/** A Fastify plugin, registered with prefix /api so that its hooks and not-found handler cover exactly /api. */
export function apiPlugin(opts: ApiOptions): (api: FastifyInstance) => Promise<void> {
  const routes = apiRoutes(opts.handlers);
  return async (api) => {
    // Hooks run in the order added: a denied address costs no token check, and RBAC sees the verified caller.
    if (opts.authorizer) api.addHook('onRequest', opts.authorizer.screenAddress);
    if (opts.rateLimits) api.addHook('onRequest', opts.rateLimits.beforeAuthentication);
    api.addHook('onRequest', opts.authenticator.onRequest);
    if (opts.authorizer) api.addHook('onRequest', opts.authorizer.checkAccess);
    if (opts.rateLimits) api.addHook('onRequest', opts.rateLimits.afterAuthentication);
    api.addHook('onError', retryAfterHeader);
    if (opts.rateLimits) api.addHook('onSend', rateLimitHeaders);
    api.addHook('onResponse', accessLogHook(opts.log));
    api.addHook('onError', async (request, _reply, error) => {
      // Failures of the services behind the gateway; the kernel's error handler logs only unexpected ones.
      if (error instanceof MallError && error.status >= 500)
        opts.log.warn({ code: error.code, route: request.routeOptions.url }, 'downstream failure');
    });
    api.setNotFoundHandler(async (request, reply) =>
      reply.status(404).send(new MallError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody()),
    );
    for (const served of routes) {
      const { route } = served;
      api.route({
        method: route.method,
        url: route.path.slice(API_PREFIX.length),
        schema: schemaOf(route),
        schemaErrorFormatter: validationError,
        handler: (request, reply) => answer(request, reply, served, opts.requestTimeoutMs()),
      });
    }
  };
}

function schemaOf(route: RouteDef): FastifySchema {
  const schema: FastifySchema = { response: route.responses };
  if (route.body) schema.body = route.body;
  if (route.params) schema.params = route.params;
  if (route.query) schema.querystring = route.query;
  return schema;
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  { handler, status }: ServedRoute,
  timeoutMs: number,
): Promise<FastifyReply> {
  const scope = { deadline: Date.now() + timeoutMs, requestId: requestIdOf(request) ?? request.id };
  const body = await callScope.run(scope, () => handler.answer(request, reply));
  reply.code(status);
  if (body instanceof Serialized) return reply.type(body.contentType).send(body.text);
  return body === undefined ? reply.send() : reply.send(body);
}
