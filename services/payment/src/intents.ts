// Payment intents in the service's schema: created once per order, read, cancelled, and moved by a charge's
// outcome (from a processor notification or the reconciliation job), each change with its event in one transaction.
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import { PaymentFailed, PaymentSucceeded, type PaymentContract } from '@mall/contracts/payment';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { decideCancel, decideChargeOutcome, sameIntent, type ChargeOutcome, type IntentStatus } from './domain/intents.ts';

export type Intent = MethodOutput<typeof PaymentContract, 'getIntent'>;

export interface IntentRow {
  id: string;
  order_id: string;
  buyer_id: string;
  amount: string | number;
  currency: string;
  status: IntentStatus;
  expires_at: Date | string;
  failure_reason: string | null;
  charge_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A charge's outcome as the processor reports it (a notification, or its answer to the reconciliation job). */
export interface ChargeReport {
  intentId: string;
  chargeId: string;
  outcome: ChargeOutcome;
  amount: { amount: number; currency: string };
  declineReason?: string;
}

/** What applying a report did; refundLateCharge: the intent was cancelled, so its charge must now be refunded. */
export interface Applied {
  intent: Intent;
  refundLateCharge: boolean;
}

const COLUMNS = 'id, order_id, buyer_id, amount, currency, status, expires_at, failure_reason, charge_id, created_at, updated_at';
const iso = (t: Date | string): string => new Date(t).toISOString();

export class Intents {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
    private readonly payBaseUrl: () => string,
  ) {}

  create(input: MethodInput<typeof PaymentContract, 'createIntent'>): Promise<Intent> {
    if (input.amount.amount <= 0) throw new MallError('INVALID_AMOUNT', 'a payment intent is for a positive amount');
    return this.db.transaction(async (tx) => {
      const [created] = await tx.query<IntentRow>(
        `INSERT INTO intents (id, order_id, buyer_id, amount, currency, status, expires_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', $5) ON CONFLICT (order_id) DO NOTHING RETURNING ${COLUMNS}`,
        [input.orderId, input.buyerId, input.amount.amount, input.amount.currency, input.expiresAt],
      );
      if (created) return this.toIntent(created);
      const [existing] = await tx.query<IntentRow>(`SELECT ${COLUMNS} FROM intents WHERE order_id = $1`, [input.orderId]);
      if (!existing) throw new Error(`intent of order ${input.orderId} vanished`);
      const asked = { buyerId: input.buyerId, ...input.amount };
      if (!sameIntent({ buyerId: existing.buyer_id, amount: Number(existing.amount), currency: existing.currency }, asked)) {
        throw new MallError('INTENT_MISMATCH', `order ${input.orderId} already has an intent for another buyer or amount`);
      }
      return this.toIntent(existing);
    });
  }

  async get(intentId: string): Promise<Intent> {
    const [row] = await this.db.query<IntentRow>(`SELECT ${COLUMNS} FROM intents WHERE id = $1`, [intentId]);
    if (!row) throw new MallError('NOT_FOUND', `no payment intent ${intentId}`);
    return this.toIntent(row);
  }

  cancel(orderId: string): Promise<Intent> {
    return this.db.transaction(async (tx) => {
      const row = await lockIntent(tx, 'order_id', orderId);
      if (!row) throw new MallError('NOT_FOUND', `order ${orderId} has no payment intent`);
      switch (decideCancel(row.status)) {
        case 'refuse':
          throw new MallError('INTENT_SUCCEEDED', `the intent of order ${orderId} is paid; refund it instead`);
        case 'unchanged':
          return this.toIntent(row);
        case 'cancel':
          return this.toIntent(await setStatus(tx, row.id, 'cancelled'));
      }
    });
  }

  /**
   * Applies a charge's outcome under the intent's row lock: the first outcome of a pending intent settles it and
   * publishes its event in the same transaction; a repeat changes nothing. `tx` is the caller's, so that a
   * notification's inbox row commits with its effect.
   */
  async applyChargeOutcome(tx: Tx, report: ChargeReport): Promise<Applied> {
    const row = await lockIntent(tx, 'id', report.intentId);
    if (!row) throw new MallError('NOT_FOUND', `no payment intent ${report.intentId}`);
    if (Number(row.amount) !== report.amount.amount || row.currency !== report.amount.currency) {
      throw new MallError(
        'NOTIFICATION_MISMATCH',
        `intent ${row.id} is for ${row.amount} ${row.currency}, the charge for ${report.amount.amount} ${report.amount.currency}`,
      );
    }
    const facts = { intentId: row.id, orderId: row.order_id, buyerId: row.buyer_id };
    switch (decideChargeOutcome(row.status, report.outcome)) {
      case 'succeed': {
        const moved = await setStatus(tx, row.id, 'succeeded', { chargeId: report.chargeId });
        await this.bus.publish(
          tx,
          PaymentSucceeded,
          { ...facts, at: iso(moved.updated_at), amount: report.amount },
          { id: `payment.succeeded:${row.id}` },
        );
        return { intent: this.toIntent(moved), refundLateCharge: false };
      }
      case 'fail': {
        const reason = report.declineReason ?? 'card declined';
        const moved = await setStatus(tx, row.id, 'failed', { chargeId: report.chargeId, failureReason: reason });
        await this.bus.publish(tx, PaymentFailed, { ...facts, at: iso(moved.updated_at), reason }, { id: `payment.failed:${row.id}` });
        return { intent: this.toIntent(moved), refundLateCharge: false };
      }
      case 'refund-late-charge': {
        // Kept in its status until the refund is confirmed; the charge is recorded so the refund knows what to return.
        const [kept] = await tx.query<IntentRow>(
          `UPDATE intents SET charge_id = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [row.id, report.chargeId],
        );
        return { intent: this.toIntent(kept!), refundLateCharge: true };
      }
      case 'ignore':
        return { intent: this.toIntent(row), refundLateCharge: false };
    }
  }

  /** Pending intents older than `olderThanMs`, oldest first: the reconciliation job's work. */
  async pendingOlderThan(olderThanMs: number, limit: number): Promise<IntentRow[]> {
    return this.db.query<IntentRow>(
      `SELECT ${COLUMNS} FROM intents WHERE status = 'pending' AND created_at <= now() - $1 * interval '1 millisecond'
       ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /** Cancels a pending intent whose time is up and that the processor never charged; false when it moved meanwhile. */
  expire(intentId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await lockIntent(tx, 'id', intentId);
      if (!row || row.status !== 'pending' || new Date(row.expires_at).getTime() > Date.now()) return false;
      await setStatus(tx, row.id, 'cancelled');
      return true;
    });
  }

  toIntent(row: IntentRow): Intent {
    return {
      intentId: row.id,
      orderId: row.order_id,
      buyerId: row.buyer_id,
      status: row.status,
      amount: { amount: Number(row.amount), currency: row.currency },
      payUrl: `${this.payBaseUrl()}/pay/${row.id}`,
      expiresAt: iso(row.expires_at),
      failureReason: row.failure_reason,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }
}

export async function lockIntent(tx: Tx, by: 'id' | 'order_id', value: string): Promise<IntentRow | undefined> {
  const [row] = await tx.query<IntentRow>(`SELECT ${COLUMNS} FROM intents WHERE ${by} = $1 FOR UPDATE`, [value]);
  return row;
}

export async function setStatus(
  tx: Tx,
  id: string,
  status: IntentStatus,
  extra: { chargeId?: string; failureReason?: string } = {},
): Promise<IntentRow> {
  const [row] = await tx.query<IntentRow>(
    `UPDATE intents SET status = $2, charge_id = COALESCE($3, charge_id), failure_reason = COALESCE($4, failure_reason), updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, extra.chargeId ?? null, extra.failureReason ?? null],
  );
  if (!row) throw new Error(`intent ${id} vanished`);
  return row;
}
