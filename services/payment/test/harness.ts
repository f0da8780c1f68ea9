// Payment's tests share these: an observer service that keeps every payment event it hears (to count effects), and
// notifications signed as the processor signs them, with fresh ids, so every test owns its data.
import { randomUUID } from 'node:crypto';
import { PaymentFailed, PaymentRefunded, PaymentSucceeded } from '@mall/contracts/payment';
import { defineListener } from '@mall/platform/bus';
import { defineService } from '@mall/platform/runtime';
import { notificationSignature } from '../src/domain/signature.ts';

// Read by the services' configuration at start: reconciliation looks often, and at intents a second old.
process.env.MALL_PAYMENT_RECONCILE_EVERY_MS ??= '200';
process.env.MALL_PAYMENT_RECONCILE_AFTER_MS ??= '1000';

export const SECRET = 'mall-dev-processor-secret-change-me';

export interface HeardEvent {
  subject: string;
  intentId: string;
}

/** A service of the test alone: every instance hears the payment events, and keeps them here. */
export function observer(heard: HeardEvent[]) {
  const keep = (subject: string) => (payload: { intentId: string }) => void heard.push({ subject, intentId: payload.intentId });
  return defineService({
    name: 'paymentobserver',
    listeners: () => [
      defineListener({ event: PaymentSucceeded, handle: keep(PaymentSucceeded.subject) }),
      defineListener({ event: PaymentFailed, handle: keep(PaymentFailed.subject) }),
      defineListener({ event: PaymentRefunded, handle: keep(PaymentRefunded.subject) }),
    ],
  });
}

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export function newIntentInput(amount = 12_345) {
  return { orderId: randomUUID(), buyerId: randomUUID(), amount: eur(amount), expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() };
}

export interface NotificationFields {
  intentId: string;
  kind?: 'charge.succeeded' | 'charge.declined';
  amount?: { amount: number; currency: string };
  chargeId?: string;
  notificationId?: string;
  declineReason?: string;
}

/** A notification as the processor sends it: JSON body, unix timestamp and HMAC-SHA256 over "<timestamp>.<body>". */
export function signedNotification(
  fields: NotificationFields & { amount: { amount: number; currency: string } },
  opts: { secret?: string; timestamp?: number } = {},
) {
  const body = JSON.stringify({
    notificationId: fields.notificationId ?? randomUUID(),
    kind: fields.kind ?? 'charge.succeeded',
    intentId: fields.intentId,
    chargeId: fields.chargeId ?? randomUUID(),
    amount: fields.amount,
    ...(fields.declineReason !== undefined ? { declineReason: fields.declineReason } : {}),
    occurredAt: new Date().toISOString(),
  });
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return { timestamp, signature: notificationSignature(opts.secret ?? SECRET, timestamp, body), body };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
