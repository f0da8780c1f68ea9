// What each event tells a buyer, without I/O: the event's payload becomes a fact with a natural key
// (user, kind, ref) and the data the templates need. The same fact twice is one notification and one mail.
import type { PayloadOf } from '@mall/contracts';
import type { NotificationKind } from '@mall/contracts/notification';
import type { OrderCancelled, OrderPaid, OrderPlaced, OrderRefunded, OrderShipped } from '@mall/contracts/order';
import type { PaymentFailed, PaymentRefunded } from '@mall/contracts/payment';
import type { Static } from 'typebox';

export type Kind = Static<typeof NotificationKind>;
export interface Money {
  amount: number;
  currency: string;
}
export interface FactLine {
  title: { zh: string; en: string };
  quantity: number;
  unitPrice: Money;
}

/** What the templates read; every field optional, since each event carries a different part. */
export interface FactData {
  orderNo?: string;
  total?: Money;
  amount?: Money;
  lines?: FactLine[];
  expiresAt?: string;
  reason?: string;
  carrier?: string;
  trackingNo?: string;
}

export interface Fact {
  userId: string;
  kind: Kind;
  /** With user and kind, names the fact once: the order, or the payment intent. */
  ref: string;
  orderId: string;
  data: FactData;
}

/** A mail lists this many lines at most; the rest are summed up as "and N more". */
export const MAX_MAILED_LINES = 20;

const linesOf = (lines: FactLine[]): FactLine[] =>
  lines.map(({ title, quantity, unitPrice }) => ({ title: { zh: title.zh, en: title.en }, quantity, unitPrice }));

export const facts = {
  orderPlaced: (p: PayloadOf<typeof OrderPlaced>): Fact => ({
    userId: p.buyerId,
    kind: 'order-placed',
    ref: p.orderId,
    orderId: p.orderId,
    data: { orderNo: p.orderNo, total: p.total, lines: linesOf(p.lines), expiresAt: p.expiresAt },
  }),
  orderPaid: (p: PayloadOf<typeof OrderPaid>): Fact => ({
    userId: p.buyerId,
    kind: 'order-paid',
    ref: p.orderId,
    orderId: p.orderId,
    data: { orderNo: p.orderNo, total: p.total, lines: linesOf(p.lines) },
  }),
  orderCancelled: (p: PayloadOf<typeof OrderCancelled>): Fact => ({
    userId: p.buyerId,
    kind: 'order-cancelled',
    ref: p.orderId,
    orderId: p.orderId,
    data: { orderNo: p.orderNo, reason: p.reason },
  }),
  orderShipped: (p: PayloadOf<typeof OrderShipped>): Fact => ({
    userId: p.buyerId,
    kind: 'order-shipped',
    ref: p.orderId,
    orderId: p.orderId,
    data: { orderNo: p.orderNo, carrier: p.carrier, trackingNo: p.trackingNo },
  }),
  // An order's refund is told by order.refunded (a refund the shop approved) and by payment.refunded (that one too,
  // or a payment that came after the order was cancelled): one fact per order, whichever comes first.
  orderRefunded: (p: PayloadOf<typeof OrderRefunded>): Fact => ({
    userId: p.buyerId,
    kind: 'order-refunded',
    ref: p.orderId,
    orderId: p.orderId,
    data: { orderNo: p.orderNo, amount: p.amount },
  }),
  paymentRefunded: (p: PayloadOf<typeof PaymentRefunded>): Fact => ({
    userId: p.buyerId,
    kind: 'order-refunded',
    ref: p.orderId,
    orderId: p.orderId,
    data: { amount: p.amount },
  }),
  // Told per intent: a buyer who tries again with the same intent after a decline is not mailed twice.
  paymentFailed: (p: PayloadOf<typeof PaymentFailed>): Fact => ({
    userId: p.buyerId,
    kind: 'payment-failed',
    ref: p.intentId,
    orderId: p.orderId,
    data: { reason: p.reason },
  }),
};
