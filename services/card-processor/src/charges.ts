// Charges: a card submitted for an intent is checked, charged once per intent (amount from the merchant's intent,
// never from the form), and the merchant's notification is written in the same transaction, to be delivered later.
// Refunds and the merchant's status queries read the same books.
import { randomUUID } from 'node:crypto';
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { CardProcessorContract } from '@mall/contracts/card-processor';
import type { PaymentContract } from '@mall/contracts/payment';
import type { ServiceDb } from '@mall/platform/db';
import type { Client } from '@mall/platform/rpc';
import { behaviourOf, checkCard } from './domain/cards.ts';
import { chargeResult, payForm, refusal, type Page } from './pages.ts';

type Intent = MethodOutput<typeof PaymentContract, 'getIntent'>;

/** A page opened before the order was cancelled may still pay; the merchant refunds such a charge. */
const PAYABLE = new Set<Intent['status']>(['pending', 'cancelled']);
type ChargeStatus = MethodOutput<typeof CardProcessorContract, 'chargeStatus'>;
type RefundAnswer = MethodOutput<typeof CardProcessorContract, 'refundCharge'>;

interface ChargeRow {
  id: string;
  intent_id: string;
  amount: string | number;
  currency: string;
  status: 'succeeded' | 'declined';
  decline_reason: string | null;
}

export class Charges {
  constructor(
    private readonly db: ServiceDb,
    private readonly payment: Client<typeof PaymentContract>,
    /** Called after a charge commits with the id of its notification, to send it at once (the job retries). */
    private readonly notifyNow: (notificationId: string) => void,
  ) {}

  async payPage(intentId: string): Promise<Page> {
    const charge = await this.chargeOf(intentId);
    if (charge) return chargeResult(toResult(charge));
    const intent = await this.intentOf(intentId);
    if (!intent) return refusal(404, 'NOT_FOUND', 'There is no such payment.');
    if (intent.status !== 'pending') return refusal(409, 'INTENT_NOT_PAYABLE', `This payment is ${intent.status}; return to the shop.`);
    return payForm(intent);
  }

  /**
   * The form's card is checked before anything is written, so bad input charges nothing. One charge per
   * intent: a second submission (a double click, a retry) shows the first one's result. A cancelled intent is still
   * charged — the processor does not know the shop's orders — and the merchant refunds it.
   */
  async pay(input: MethodInput<typeof CardProcessorContract, 'pay'>, now = new Date()): Promise<Page> {
    const intent = await this.intentOf(input.intentId);
    if (!intent) return refusal(404, 'NOT_FOUND', 'There is no such payment.');
    const checked = checkCard(input.form, now);
    if ('problem' in checked) return payForm(intent, checked.problem);
    const existing = await this.chargeOf(input.intentId);
    if (existing) return chargeResult(toResult(existing));
    // Settled by the merchant without a charge here (it cannot be, unless someone else signed for us): never charge it.
    if (!PAYABLE.has(intent.status)) return refusal(409, 'INTENT_NOT_PAYABLE', `This payment is ${intent.status}; return to the shop.`);
    const behaviour = behaviourOf(checked.card);
    const chargeId = randomUUID();
    const notificationId = randomUUID();
    const row = await this.db.transaction(async (tx) => {
      const [charged] = await tx.query<ChargeRow>(
        `INSERT INTO charges (id, intent_id, amount, currency, status, decline_reason, card_last4) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (intent_id) DO NOTHING RETURNING id, intent_id, amount, currency, status, decline_reason`,
        [
          chargeId,
          intent.intentId,
          intent.amount.amount,
          intent.amount.currency,
          behaviour.kind === 'decline' ? 'declined' : 'succeeded',
          behaviour.kind === 'decline' ? behaviour.reason : null,
          checked.card.last4,
        ],
      );
      if (!charged) return undefined; // a concurrent submission charged first
      if (behaviour.kind !== 'silent') {
        const body = JSON.stringify({
          notificationId,
          kind: charged.status === 'succeeded' ? 'charge.succeeded' : 'charge.declined',
          intentId: intent.intentId,
          chargeId,
          amount: intent.amount,
          ...(charged.decline_reason !== null ? { declineReason: charged.decline_reason } : {}),
          occurredAt: new Date().toISOString(),
        });
        await tx.query('INSERT INTO notifications (id, charge_id, body) VALUES ($1, $2, $3)', [notificationId, chargeId, body]);
      }
      return charged;
    });
    if (!row) return chargeResult(toResult((await this.chargeOf(input.intentId))!));
    if (behaviour.kind !== 'silent') this.notifyNow(notificationId);
    return chargeResult(toResult(row));
  }

  async status(intentId: string): Promise<ChargeStatus> {
    const charge = await this.chargeOf(intentId);
    if (!charge) return { status: 'none', chargeId: null, amount: null, declineReason: null };
    return { status: charge.status, chargeId: charge.id, amount: amountOf(charge), declineReason: charge.decline_reason };
  }

  /** A full refund of a succeeded charge, once per charge; the same refund id again answers the same refund. */
  refund(input: MethodInput<typeof CardProcessorContract, 'refundCharge'>): Promise<RefundAnswer> {
    return this.db.transaction(async (tx) => {
      const [charge] = await tx.query<ChargeRow>(
        'SELECT id, intent_id, amount, currency, status, decline_reason FROM charges WHERE id = $1 FOR UPDATE',
        [input.chargeId],
      );
      if (!charge) throw new MallError('NOT_FOUND', `no charge ${input.chargeId}`);
      const [existing] = await tx.query<{ id: string; created_at: Date | string }>(
        'SELECT id, created_at FROM refunds WHERE charge_id = $1',
        [charge.id],
      );
      if (existing && existing.id !== input.refundId)
        throw new MallError('CHARGE_NOT_REFUNDABLE', `charge ${charge.id} is refunded already`);
      if (charge.status !== 'succeeded')
        throw new MallError('CHARGE_NOT_REFUNDABLE', `charge ${charge.id} was declined: nothing to refund`);
      const amount = amountOf(charge);
      if (amount.amount !== input.amount.amount || amount.currency !== input.amount.currency) {
        throw new MallError(
          'AMOUNT_MISMATCH',
          `charge ${charge.id} is of ${amount.amount} ${amount.currency}; refunds are of the whole amount`,
        );
      }
      const [made] = existing
        ? [existing]
        : await tx.query<{ id: string; created_at: Date | string }>(
            'INSERT INTO refunds (id, charge_id, amount, currency) VALUES ($1, $2, $3, $4) RETURNING id, created_at',
            [input.refundId, charge.id, amount.amount, amount.currency],
          );
      return { refundId: made!.id, chargeId: charge.id, amount, refundedAt: new Date(made!.created_at).toISOString() };
    });
  }

  private async chargeOf(intentId: string): Promise<ChargeRow | undefined> {
    const [row] = await this.db.query<ChargeRow>(
      'SELECT id, intent_id, amount, currency, status, decline_reason FROM charges WHERE intent_id = $1',
      [intentId],
    );
    return row;
  }

  private async intentOf(intentId: string): Promise<Intent | undefined> {
    try {
      return await this.payment.getIntent({ intentId });
    } catch (err) {
      if (err instanceof MallError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }
}

const amountOf = (row: ChargeRow) => ({ amount: Number(row.amount), currency: row.currency });
const toResult = (row: ChargeRow) => ({
  intentId: row.intent_id,
  status: row.status,
  declineReason: row.decline_reason,
  amount: amountOf(row),
});
