// The processor's notifications: verified (signature, freshness), parsed, and applied once — the notification's id
// goes into the inbox table in the same transaction as its effect, so a redelivery is acknowledged and does nothing.
import { MallError, validationFailed, type MethodInput, type MethodOutput } from '@mall/contracts';
import { ProcessorNotification, type PaymentContract } from '@mall/contracts/payment';
import type { ServiceDb } from '@mall/platform/db';
import type { Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { verifyNotification } from './domain/signature.ts';
import type { Intents } from './intents.ts';
import { recordRefund, type Refunds } from './refunds.ts';

type Accepted = MethodOutput<typeof PaymentContract, 'acceptNotification'>;
type Notification = Static<typeof ProcessorNotification>;

const checkNotification = Compile(ProcessorNotification);

export class NotificationInbox {
  constructor(
    private readonly db: ServiceDb,
    private readonly intents: Intents,
    private readonly refunds: Refunds,
    private readonly settings: () => { secret: string; toleranceSeconds: number },
  ) {}

  async accept(input: MethodInput<typeof PaymentContract, 'acceptNotification'>): Promise<Accepted> {
    const { secret, toleranceSeconds } = this.settings();
    const verdict = verifyNotification(input, secret, new Date(), toleranceSeconds);
    if (verdict === 'forged') throw new MallError('SIGNATURE_INVALID', 'the notification signature does not match');
    if (verdict === 'stale') throw new MallError('NOTIFICATION_STALE', `the notification timestamp is more than ${toleranceSeconds} s off`);
    const notification = parse(input.body);
    const outcome = await this.db.transaction(async (tx) => {
      const fresh = await tx.query(
        'INSERT INTO notifications (id, intent_id, kind) SELECT $1, id, $3 FROM intents WHERE id = $2 ON CONFLICT DO NOTHING RETURNING id',
        [notification.notificationId, notification.intentId, notification.kind],
      );
      if (fresh.length === 0) {
        const [seen] = await tx.query('SELECT id FROM notifications WHERE id = $1', [notification.notificationId]);
        if (!seen) throw new MallError('NOT_FOUND', `no payment intent ${notification.intentId}`);
        return { duplicate: true, refundId: undefined };
      }
      const applied = await this.intents.applyChargeOutcome(tx, {
        intentId: notification.intentId,
        chargeId: notification.chargeId,
        outcome: notification.kind === 'charge.succeeded' ? 'succeeded' : 'declined',
        amount: notification.amount,
        ...(notification.declineReason !== undefined ? { declineReason: notification.declineReason } : {}),
      });
      if (!applied.refundLateCharge) return { duplicate: false, refundId: undefined };
      const { intentId, amount } = applied.intent;
      const refundId = await recordRefund(
        tx,
        { id: intentId, amount: amount.amount, currency: amount.currency },
        { key: `late-charge:${notification.chargeId}`, reason: 'paid after the order was cancelled' },
      );
      return { duplicate: false, refundId };
    });
    // After the commit: the acknowledgement does not wait on the refund; a refund left pending is settled by reconciliation.
    if (outcome.refundId) await this.refunds.trySettle(outcome.refundId);
    return { accepted: true, duplicate: outcome.duplicate };
  }
}

function parse(body: string): Notification {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw validationFailed('notification', [{ path: '/body', message: 'is not JSON' }]);
  }
  if (!checkNotification.Check(value)) {
    const fields = checkNotification
      .Errors(value)
      .slice(0, 5)
      .map((e) => ({ path: `/body${e.instancePath}`, message: e.message }));
    throw validationFailed('notification', fields);
  }
  return value;
}
