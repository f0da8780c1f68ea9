// What a gateway route handler is: it reads a validated request and answers a status and a body.
// Handlers are keyed by "METHOD /path", the same key as the route declared in the contracts.
import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '@mall/contracts';

export interface EdgeReply {
  status: number;
  body?: unknown;
  /** Default application/json; a string body is sent as it is (already serialized). */
  contentType?: string;
}

export type EdgeHandler = (request: FastifyRequest) => Promise<EdgeReply>;

export type EdgeHandlers = Record<string, EdgeHandler>;

export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>): string => `${route.method} ${route.path}`;
