// One access log line per /api request: method, route pattern, status, duration, request id and the
// user when known — what an operator greps for when a customer reports a failed request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestIdOf, UNMATCHED_ROUTE, type Logger } from '@mall/platform/observability';
import { principalOf } from './authentication.ts';

export function accessLogHook(log: Logger): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const userId = principalOf(request)?.userId;
    log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        requestId: requestIdOf(request) ?? request.id,
        ...(userId !== undefined ? { userId } : {}),
      },
      'access',
    );
  };
}
