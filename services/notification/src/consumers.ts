// Notification's event consumers: each order or payment fact a buyer should hear of becomes one notification and
// one mail in the outbox of mails. The inbox drops a redelivered event; the fact's natural key drops the same fact
// told by a second event (a republished order.paid, payment.refunded after order.refunded).
import type { EventDef, PayloadOf } from '@mall/contracts';
import { OrderCancelled, OrderPaid, OrderPlaced, OrderRefunded, OrderShipped } from '@mall/contracts/order';
import { PaymentFailed, PaymentRefunded } from '@mall/contracts/payment';
import { defineConsumer, type ConsumerSpec } from '@mall/platform/bus';
import type { Logger } from '@mall/platform/observability';
import { facts, type Fact } from './domain/facts.ts';
import { recordFact } from './notices.ts';

export function notificationConsumers(mailDomain: () => string, log: Logger): ConsumerSpec[] {
  const tell = <E extends EventDef>(name: string, event: E, factOf: (payload: PayloadOf<E>) => Fact): ConsumerSpec =>
    defineConsumer({
      name,
      event,
      async handle(payload, { tx, eventId }) {
        const fact = factOf(payload);
        const fresh = await recordFact(tx, fact, mailDomain());
        if (!fresh) log.debug({ eventId, kind: fact.kind, ref: fact.ref }, 'fact already told; nothing more to do');
      },
    }) as ConsumerSpec;
  return [
    tell('order-placed', OrderPlaced, facts.orderPlaced),
    tell('order-paid', OrderPaid, facts.orderPaid),
    tell('order-cancelled', OrderCancelled, facts.orderCancelled),
    tell('order-shipped', OrderShipped, facts.orderShipped),
    tell('order-refunded', OrderRefunded, facts.orderRefunded),
    tell('payment-refunded', PaymentRefunded, facts.paymentRefunded),
    tell('payment-failed', PaymentFailed, facts.paymentFailed),
  ];
}
