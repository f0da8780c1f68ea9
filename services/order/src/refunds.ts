// Refunds of paid orders: staff's approval is recorded, then payment refunds the intent (idempotent by a key derived
// from the order, so approving again never refunds twice); the order becomes REFUNDED when payment.refunded arrives.
import type { OrderMoves } from './order-moves.ts';
import type { Order } from './order-rows.ts';
import type { PaymentPort } from './ports.ts';

export class Refunds {
  constructor(
    private readonly moves: OrderMoves,
    private readonly payment: PaymentPort,
  ) {}

  async approve(orderId: string, actorId: string): Promise<Order> {
    const order = await this.moves.approveRefund(orderId, actorId);
    if (order.status === 'REFUND_REQUESTED') {
      await this.payment.refund({ orderId, idempotencyKey: refundKey(orderId), reason: order.refundReason ?? 'refund approved' });
    }
    return order;
  }
}

export const refundKey = (orderId: string): string => `order-refund-${orderId}`;
