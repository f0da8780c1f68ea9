// The simulated card processor's contract: its hosted pay page (the gateway serves it at /pay/:intentId), the card
// form's submission, and what a merchant (the payment service) asks of it: a charge's status and a refund.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { Money, strict, Timestamp, Uuid } from './primitives.ts';

/** A page the gateway sends as it is, with the status the processor chose (400 for a bad card, 404 for an unknown intent). */
export const ProcessorPage = Type.Object({
  httpStatus: Type.Integer({ minimum: 200, maximum: 599, format: 'int32' }),
  /** A machine-readable code on a refusal (CARD_NUMBER_INVALID, CARD_EXPIRED, CVV_INVALID, ...), else null. */
  code: Type.Union([Type.String({ maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' }), Type.Null()]),
  html: Type.String({ maxLength: 100_000 }),
});

export const ChargeStatus = Type.Union([Type.Literal('none'), Type.Literal('succeeded'), Type.Literal('declined')]);

/** The card form as the browser posts it: free text, bounded; the processor checks Luhn, expiry and CVV itself. */
export const CardForm = Type.Object(
  {
    cardNumber: Type.String({ maxLength: 40 }),
    /** MM/YY. */
    expiry: Type.String({ maxLength: 10 }),
    cvv: Type.String({ maxLength: 10 }),
    cardholder: Type.Optional(Type.String({ maxLength: 100 })),
  },
  strict,
);

export const CardProcessorContract = defineContract('cardprocessor', {
  payPage: {
    summary: "The pay page of an intent: its amount and the card form, or the charge's result when it was paid already.",
    input: Type.Object({ intentId: Uuid }, strict),
    output: ProcessorPage,
    idempotent: true,
  },
  pay: {
    summary:
      'Charges the card for the intent (one charge per intent: a second submission shows the first result) and notifies payment asynchronously. A bad card number, expiry or CVV answers a 400 page and charges nothing.',
    input: Type.Object({ intentId: Uuid, form: CardForm }, strict),
    output: ProcessorPage,
    idempotent: true,
  },
  chargeStatus: {
    summary: "The intent's charge as the processor knows it, for the merchant's reconciliation: none, succeeded or declined.",
    input: Type.Object({ intentId: Uuid }, strict),
    output: Type.Object({
      status: ChargeStatus,
      chargeId: Type.Union([Uuid, Type.Null()]),
      amount: Type.Union([Money, Type.Null()]),
      declineReason: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    }),
    idempotent: true,
  },
  refundCharge: {
    summary: "Refunds a succeeded charge in full, once per refundId (a retry answers the same refund); the amount must be the charge's.",
    input: Type.Object({ chargeId: Uuid, refundId: Uuid, amount: Money }, strict),
    output: Type.Object({ refundId: Uuid, chargeId: Uuid, amount: Money, refundedAt: Timestamp }),
    errors: { NOT_FOUND: 404, CHARGE_NOT_REFUNDABLE: 409, AMOUNT_MISMATCH: 409 },
    idempotent: true,
  },
});
