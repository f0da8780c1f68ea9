// What a gateway route handler is: bound to the route it serves, it reads the route's typed, validated
// body, params and query and answers the route's success body; the status comes from the route.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeKey, type RouteAnswer, type RouteBody, type RouteDef, type RouteParams, type RouteQuery } from '@mall/contracts';

/** The request as the route's schemas validated it. */
export type EdgeRequest<R extends RouteDef> = FastifyRequest<{ Body: RouteBody<R>; Params: RouteParams<R>; Querystring: RouteQuery<R> }>;

/** A body serialized ahead (the OpenAPI document, built once at start), sent as it is. */
export class Serialized {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

export interface EdgeHandler {
  route: RouteDef;
  /** `reply` is for response headers a route sets besides its body (the cart's token cookie); the body is the answer. */
  answer(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

/** Handlers keyed by "METHOD /path", the key of the route each one serves. */
export type EdgeHandlers = Record<string, EdgeHandler>;

/** Binds a handler to its route: the route's types check the handler at compile time, its key at start. */
export function handle<R extends RouteDef>(
  route: R,
  answer: (request: EdgeRequest<R>, reply: FastifyReply) => Promise<RouteAnswer<R> | Serialized>,
): EdgeHandler {
  // Fastify validated the request against this route's schemas before the handler runs: the one place the types are asserted.
  return { route, answer: answer as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> };
}

/** Collects handlers by their routes' keys; two handlers of one route fail the start. */
export function edgeHandlers(...handlers: EdgeHandler[]): EdgeHandlers {
  const byKey: EdgeHandlers = {};
  for (const handler of handlers) {
    const key = routeKey(handler.route);
    if (byKey[key]) throw new Error(`two gateway handlers for route ${key}`);
    byKey[key] = handler;
  }
  return byKey;
}
