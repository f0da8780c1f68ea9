// The payment service's events: what a payment intent came to. The order service moves its order on them (and has a
// payment that arrives for a cancelled order refunded); notification mails on them. Each is published once per effect.
// (The payment service's methods and routes join this file when the service lands.)
import { Type } from 'typebox';
import { defineEvent } from './define.ts';
import { Money, Timestamp, Uuid } from './primitives.ts';

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
