// /api/checkout and /api/orders (the buyer's own orders) and /api/admin/orders (the order-manager's back office),
// each one order call. The buyer is always the verified token's user, so another buyer's order is a 404.
import { orderAdminRoutes as admin, orderRoutes as routes, type OrderContract } from '@mall/contracts/order';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';

export function orderHandlers(order: Client<typeof OrderContract>): EdgeHandlers {
  return edgeHandlers(
    handle(routes.preview, (request) => order.previewCheckout({ buyerId: userIdOf(request), addressId: request.body.addressId })),
    handle(routes.place, (request) => order.placeOrder({ ...request.body, buyerId: userIdOf(request) })),
    handle(routes.list, (request) => {
      const { status, ...page } = request.query;
      return order.listOrders({ buyerId: userIdOf(request), ...(status ? { status } : {}), ...pageOf(page) });
    }),
    handle(routes.get, (request) => order.getOrder({ orderId: request.params.id, buyerId: userIdOf(request) })),
    handle(routes.cancel, (request) => order.cancelOrder({ orderId: request.params.id, buyerId: userIdOf(request) })),
    handle(routes.confirmReceipt, (request) => order.confirmReceipt({ orderId: request.params.id, buyerId: userIdOf(request) })),
    handle(routes.refundRequest, (request) =>
      order.requestRefund({ orderId: request.params.id, buyerId: userIdOf(request), reason: request.body.reason }),
    ),
    handle(admin.search, (request) => {
      const { page, pageSize, ...filters } = request.query;
      return order.searchOrders({ ...filters, ...pageOf({ page, pageSize }) });
    }),
    handle(admin.get, (request) => order.getOrder({ orderId: request.params.id })),
    handle(admin.ship, (request) => order.shipOrder({ ...request.body, orderId: request.params.id, actor: userIdOf(request) })),
    handle(admin.approveRefund, (request) => order.approveRefund({ orderId: request.params.id, actor: userIdOf(request) })),
  );
}

/** The validated digit strings of a page query as numbers. */
function pageOf(query: { page?: string; pageSize?: string }): { page?: number; pageSize?: number } {
  return {
    ...(query.page !== undefined ? { page: Number(query.page) } : {}),
    ...(query.pageSize !== undefined ? { pageSize: Number(query.pageSize) } : {}),
  };
}
