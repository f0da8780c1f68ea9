// /api/seckill (the storefront's flash sales: sessions, grab token, grab, ticket) and /api/admin/seckill (the
// promotion-manager's back office), each one seckill call. The buyer is always the verified token's user.
import { seckillAdminRoutes as admin, seckillRoutes as routes } from '@mall/contracts/gateway';
import type { SeckillContract } from '@mall/contracts/seckill';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

export function seckillHandlers(seckill: Client<typeof SeckillContract>): EdgeHandlers {
  return edgeHandlers(
    handle(routes.sessions, () => seckill.storefrontSessions({})),
    handle(routes.token, (request) => seckill.grabToken({ itemId: request.params.id, buyerId: userIdOf(request) })),
    handle(routes.grab, (request) => seckill.grab({ ...request.body, buyerId: userIdOf(request) })),
    handle(routes.ticket, (request) => seckill.getTicket({ ticketId: request.params.id, buyerId: userIdOf(request) })),
    handle(admin.list, (request) => {
      const { status, page, pageSize } = request.query;
      return seckill.listSessions({
        ...(status ? { status } : {}),
        ...(page !== undefined ? { page: Number(page) } : {}),
        ...(pageSize !== undefined ? { pageSize: Number(pageSize) } : {}),
      });
    }),
    handle(admin.create, (request) => seckill.createSession({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    handle(admin.get, (request) => seckill.getSession({ sessionId: request.params.id })),
    handle(admin.update, (request) => seckill.updateSession({ ...request.body, sessionId: request.params.id })),
    handle(admin.publish, (request) => seckill.publishSession({ sessionId: request.params.id })),
    handle(admin.close, (request) => seckill.closeSession({ sessionId: request.params.id })),
  );
}
