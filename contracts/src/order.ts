// The order service's events: what the rest of the mall learns about an order. Cart drops purchased lines on
// order.paid, notification mails on each of them; every payload names the buyer so no consumer needs to ask back.
// (The order service's methods and routes join this file when the service lands.)
import { Type } from 'typebox';
import { defineEvent } from './define.ts';
import { Money, Timestamp, Uuid } from './primitives.ts';

/** An order's state: PENDING_PAYMENT → PAID → SHIPPED → DELIVERED → COMPLETED; PENDING_PAYMENT → CANCELLED; PAID → REFUND_REQUESTED → REFUNDED. */
export const OrderStatus = Type.Union([
  Type.Literal('PENDING_PAYMENT'),
  Type.Literal('PAID'),
  Type.Literal('SHIPPED'),
  Type.Literal('DELIVERED'),
  Type.Literal('COMPLETED'),
  Type.Literal('CANCELLED'),
  Type.Literal('REFUND_REQUESTED'),
  Type.Literal('REFUNDED'),
]);

/** The number a buyer reads and quotes: date and a sequence, e.g. `20261203-000123`. */
export const OrderNo = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Z-]+$' });

/** A purchased line as events carry it: enough to mail a receipt without asking catalog. */
export const OrderEventLine = Type.Object({
  skuId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000, format: 'int32' }),
  /** The product title in both languages, as it was priced. */
  title: Type.Object({ zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) }),
  unitPrice: Money,
});
const Lines = Type.Array(OrderEventLine, { minItems: 1, maxItems: 100 });

const orderFacts = { orderId: Uuid, orderNo: OrderNo, buyerId: Uuid, at: Timestamp };

export const OrderPlaced = defineEvent({
  subject: 'order.placed',
  version: 1,
  payload: Type.Object({ ...orderFacts, total: Money, lines: Lines, expiresAt: Timestamp }),
});

export const OrderPaid = defineEvent({
  subject: 'order.paid',
  version: 1,
  payload: Type.Object({ ...orderFacts, total: Money, lines: Lines, paymentIntentId: Uuid }),
});

export const OrderCancelled = defineEvent({
  subject: 'order.cancelled',
  version: 1,
  payload: Type.Object({
    ...orderFacts,
    reason: Type.Union([Type.Literal('buyer'), Type.Literal('timeout'), Type.Literal('staff')]),
  }),
});

export const OrderShipped = defineEvent({
  subject: 'order.shipped',
  version: 1,
  payload: Type.Object({ ...orderFacts, carrier: Type.String({ maxLength: 60 }), trackingNo: Type.String({ maxLength: 60 }) }),
});

export const OrderRefunded = defineEvent({
  subject: 'order.refunded',
  version: 1,
  payload: Type.Object({ ...orderFacts, amount: Money }),
});
