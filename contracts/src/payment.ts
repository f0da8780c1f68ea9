// The payment service's contract: payment intents (one per order, amount from the order, never from the client),
// their cancel and refund, the simulated processor's signed notifications, and the events of what an intent came to.
// The order service moves its order on the events (a payment that arrives for a cancelled intent is refunded by
// payment itself); notification mails on them. Each event is published once per effect.
import { Type } from 'typebox';
import { defineContract, defineEvent } from './define.ts';
import { IdempotencyKey, Money, strict, Timestamp, Uuid } from './primitives.ts';

const intentFacts = { intentId: Uuid, orderId: Uuid, buyerId: Uuid, at: Timestamp };

export const PaymentSucceeded = defineEvent({
  subject: 'payment.succeeded',
  version: 1,
  payload: Type.Object({ ...intentFacts, amount: Money }),
});

export const PaymentFailed = defineEvent({
  subject: 'payment.failed',
  version: 1,
  payload: Type.Object({ ...intentFacts, reason: Type.String({ maxLength: 200 }) }),
});

export const PaymentRefunded = defineEvent({
  subject: 'payment.refunded',
  version: 1,
  payload: Type.Object({ ...intentFacts, refundId: Uuid, amount: Money }),
});

/** pending → succeeded | failed | cancelled; succeeded → refunded; a cancelled intent's late charge → refunded. */
export const IntentStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
]);

export const PaymentIntent = Type.Object({
  intentId: Uuid,
  orderId: Uuid,
  buyerId: Uuid,
  status: IntentStatus,
  amount: Money,
  /** Where the shopper's browser pays: the processor's page, through the gateway (a path on its origin unless configured). */
  payUrl: Type.String({ maxLength: 300 }),
  expiresAt: Timestamp,
  /** Why the card was declined, when failed. */
  failureReason: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const RefundReason = Type.String({ minLength: 1, maxLength: 200 });

export const PaymentRefund = Type.Object({
  refundId: Uuid,
  intentId: Uuid,
  orderId: Uuid,
  amount: Money,
  /** pending until the processor confirmed it (a job retries it); then succeeded and payment.refunded is published. */
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded')]),
  reason: Type.String({ maxLength: 200 }),
  createdAt: Timestamp,
});

/** The processor's notification as it crossed the wire: the exact body it signed, its timestamp and the signature. */
export const MAX_NOTIFICATION_BYTES = 4000;

export const PaymentContract = defineContract('payment', {
  createIntent: {
    summary:
      'The payment intent of an order, created once: the same orderId answers the same intent (whatever its status); the same orderId with another buyer or amount is INTENT_MISMATCH.',
    input: Type.Object({ orderId: Uuid, buyerId: Uuid, amount: Money, expiresAt: Timestamp }, strict),
    output: PaymentIntent,
    errors: { INTENT_MISMATCH: 409, INVALID_AMOUNT: 400 },
    idempotent: true,
  },
  getIntent: {
    input: Type.Object({ intentId: Uuid }, strict),
    output: PaymentIntent,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  cancelIntent: {
    summary:
      "Cancels the order's pending intent; again, or on a failed, cancelled or refunded intent, it answers the intent unchanged. A succeeded intent is INTENT_SUCCEEDED (refund it instead). A charge that still arrives for a cancelled intent is refunded by payment.",
    input: Type.Object({ orderId: Uuid }, strict),
    output: PaymentIntent,
    errors: { NOT_FOUND: 404, INTENT_SUCCEEDED: 409 },
    idempotent: true,
  },
  refund: {
    summary:
      "Refunds the order's succeeded intent in full, once: a retry (any key) answers the same refund. Publishes payment.refunded when the processor confirmed it.",
    input: Type.Object({ orderId: Uuid, idempotencyKey: IdempotencyKey, reason: RefundReason }, strict),
    output: PaymentRefund,
    errors: { NOT_FOUND: 404, INTENT_NOT_SUCCEEDED: 409 },
    idempotent: true,
  },
  acceptNotification: {
    summary:
      'The card processor tells what became of a charge. Verified (HMAC-SHA256 over "<timestamp>.<body>", timestamp within the tolerance, intent, amount and currency) and applied once per notification id; a repeat is acknowledged with duplicate: true.',
    input: Type.Object(
      {
        /** Unix seconds at which the processor signed. */
        timestamp: Type.Integer({ minimum: 0, maximum: 1e11, format: 'int64' }),
        /** Lower-case hex of HMAC-SHA256(secret, `${timestamp}.${body}`). */
        signature: Type.String({ minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' }),
        body: Type.String({ minLength: 2, maxLength: MAX_NOTIFICATION_BYTES }),
      },
      strict,
    ),
    output: Type.Object({ accepted: Type.Boolean(), duplicate: Type.Boolean() }),
    errors: { SIGNATURE_INVALID: 401, NOTIFICATION_STALE: 401, NOTIFICATION_MISMATCH: 409, NOT_FOUND: 404 },
    idempotent: true,
  },
});

/** The body the processor signs (JSON): what became of one charge of one intent. */
export const ProcessorNotification = Type.Object(
  {
    /** Unique per notification: payment applies each id once. */
    notificationId: Uuid,
    kind: Type.Union([Type.Literal('charge.succeeded'), Type.Literal('charge.declined')]),
    intentId: Uuid,
    chargeId: Uuid,
    amount: Money,
    declineReason: Type.Optional(Type.String({ maxLength: 200 })),
    occurredAt: Timestamp,
  },
  strict,
);
