// What the order service does on events, each once in effect (the kernel's inbox): payment moves orders, and the
// order's own facts drive the calls that must follow a committed change (release on cancel, commit stock on pay),
// so a crash between the change and the call loses nothing — the event is redelivered until the call succeeds.
import { isMallError } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import { OrderCancelled, OrderPaid } from '@mall/contracts/order';
import { PaymentRefunded, PaymentSucceeded } from '@mall/contracts/payment';
import { defineConsumer, type ConsumerSpec } from '@mall/platform/bus';
import type { Tx } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import type { OrderMoves } from './order-moves.ts';
import type { PaymentPort } from './ports.ts';
import { latePaymentKey } from './refunds.ts';

export interface ConsumerDeps {
  moves: OrderMoves;
  inventory: Client<typeof InventoryContract>;
  payment: PaymentPort;
  log: Logger;
}

export function orderConsumers({ moves, inventory, payment, log }: ConsumerDeps): ConsumerSpec[] {
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
          await payment.refund({
            orderId: p.orderId,
            idempotencyKey: latePaymentKey(p.intentId),
            reason: 'paid after the order was cancelled',
          });
        }
      },
    }),
    defineConsumer({
      name: 'refund-order',
      event: PaymentRefunded,
      handle: async (p, { tx }) => moves.markRefunded(tx, p.orderId, p.amount),
    }),
    defineConsumer({
      name: 'release-cancelled-order',
      event: OrderCancelled,
      handle: async (p, { tx }) => {
        if (!(await isOurs(tx, p.orderId))) return;
        await inventory.cancel({ ref: p.orderId });
        await payment.cancelIntent({ orderId: p.orderId }).catch((err: unknown) => {
          // An order cancelled before its intent was created has none to cancel; one paid meanwhile is refunded
          // when its payment.succeeded arrives (pay-order above).
          if (!(isMallError(err) && (err.code === 'NOT_FOUND' || err.code === 'INTENT_SUCCEEDED'))) throw err;
        });
      },
    }),
    defineConsumer({
      name: 'commit-paid-stock',
      event: OrderPaid,
      handle: async (p, { tx }) => {
        if (!(await isOurs(tx, p.orderId))) return;
        await inventory.confirm({ ref: p.orderId }).catch((err: unknown) => {
          // A hold that lapsed or was released cannot be committed by retrying: staff must look at it.
          if (isMallError(err) && err.status === 409)
            log.error({ orderId: p.orderId, code: err.code }, 'paid order whose stock hold is gone');
          else throw err;
        });
      },
    }),
  ];
}

/** An event about an order this service does not hold (another deployment's, a test's) is none of its business. */
async function isOurs(tx: Tx, orderId: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM orders WHERE id = $1', [orderId])).length === 1;
}
