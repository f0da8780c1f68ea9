// What the order service does on payment's events, each once in effect (the kernel's inbox): a success pays the order
// (or, for an order already cancelled, has the money refunded), a refund of an approved request refunds the order.
// Calls to other services are not made here but queued as order tasks in the same transaction (see order-tasks.ts).
import { PaymentRefunded, PaymentSucceeded } from '@mall/contracts/payment';
import { defineConsumer, type ConsumerSpec } from '@mall/platform/bus';
import type { Logger } from '@mall/platform/observability';
import type { OrderMoves } from './order-moves.ts';
import type { OrderTasks } from './order-tasks.ts';

export function orderConsumers({ moves, tasks, log }: { moves: OrderMoves; tasks: OrderTasks; log: Logger }): ConsumerSpec[] {
  return [
    defineConsumer({
      name: 'pay-order',
      event: PaymentSucceeded,
      handle: async (p, { tx }) => {
        const { paid, row } = await moves.markPaid(tx, p.orderId, p.intentId);
        if (paid || !row) return;
        if (row.status === 'CANCELLED') {
          // The buyer paid after the order was cancelled (timeout or their own cancel): the money goes back.
          log.info({ orderId: p.orderId, intentId: p.intentId }, 'payment for a cancelled order; refunding it');
          await tasks.enqueue(tx, p.orderId, 'refund-late-payment', { intentId: p.intentId });
        }
      },
    }),
    defineConsumer({
      name: 'refund-order',
      event: PaymentRefunded,
      handle: async (p, { tx }) => moves.markRefunded(tx, p.orderId, p.amount),
    }),
  ];
}
