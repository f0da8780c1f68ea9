// Order's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { OrderContract } from '@mall/contracts/order';
import type { ServiceDb } from '@mall/platform/db';
import type { Handlers } from '@mall/platform/rpc';
import type { Checkout } from './checkout/checkout.ts';
import type { SeckillCheckout } from './checkout/seckill.ts';
import type { OrderMoves } from './order-moves.ts';
import { listOrders, searchOrders } from './order-queries.ts';
import { readOrder } from './order-rows.ts';
import type { Refunds } from './refunds.ts';

export function orderHandlers(
  db: ServiceDb,
  checkout: Checkout,
  moves: OrderMoves,
  refunds: Refunds,
  seckill: SeckillCheckout,
): Handlers<typeof OrderContract> {
  return {
    previewCheckout: (input) => checkout.preview(input),
    placeOrder: (input) => checkout.place(input),
    placeSeckillOrder: (input) => seckill.place(input),
    getOrder: ({ orderId, buyerId }) => readOrder(db, orderId, buyerId),
    listOrders: (input) => listOrders(db, input),
    searchOrders: (input) => searchOrders(db, input),
    cancelOrder: ({ orderId, buyerId }) => moves.cancel(orderId, 'buyer', { actor: 'buyer', reason: 'cancelled by the buyer' }, buyerId),
    confirmReceipt: ({ orderId, buyerId }) => moves.confirmReceipt(orderId, buyerId),
    requestRefund: ({ orderId, buyerId, reason }) => moves.requestRefund(orderId, buyerId, reason),
    shipOrder: ({ orderId, actor, carrier, trackingNo }) => moves.ship(orderId, actor, carrier, trackingNo),
    approveRefund: ({ orderId, actor }) => refunds.approve(orderId, actor),
  };
}
