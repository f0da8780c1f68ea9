// Refunds: one full refund per intent, recorded pending in one transaction and settled through the processor
// (idempotent by refund id), which marks the intent refunded and publishes payment.refunded together. A refund the
// processor did not confirm stays pending and the reconciliation job settles it later.
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { CardProcessorContract } from '@mall/contracts/card-processor';
import { PaymentRefunded, type PaymentContract } from '@mall/contracts/payment';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { decideRefund } from './domain/intents.ts';
import { lockIntent, setStatus, type IntentRow } from './intents.ts';

export type Refund = MethodOutput<typeof PaymentContract, 'refund'>;

interface RefundRow {
  id: string;
  intent_id: string;
  order_id: string;
  reason: string;
  amount: string | number;
  currency: string;
  status: 'pending' | 'succeeded';
  created_at: Date | string;
}

const SELECT_REFUND = `SELECT r.id, r.intent_id, i.order_id, r.reason, r.amount, r.currency, r.status, r.created_at
  FROM refunds r JOIN intents i ON i.id = r.intent_id`;

export class Refunds {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
    private readonly processor: Client<typeof CardProcessorContract>,
    private readonly log: Logger,
  ) {}

  /** The refund the order asked for: recorded once per intent, then settled at once when the processor answers. */
  async refund(input: MethodInput<typeof PaymentContract, 'refund'>): Promise<Refund> {
    const refundId = await this.db.transaction(async (tx) => {
      const intent = await lockIntent(tx, 'order_id', input.orderId);
      if (!intent) throw new MallError('NOT_FOUND', `order ${input.orderId} has no payment intent`);
      const [existing] = await tx.query<{ id: string }>('SELECT id FROM refunds WHERE intent_id = $1', [intent.id]);
      switch (decideRefund(intent.status, existing !== undefined)) {
        case 'existing':
          return existing!.id;
        case 'refuse':
          throw new MallError('INTENT_NOT_SUCCEEDED', `the intent of order ${input.orderId} is ${intent.status}: nothing to refund`);
        case 'refund':
          return recordRefund(tx, intent, { key: input.idempotencyKey, reason: input.reason });
      }
    });
    await this.trySettle(refundId);
    return this.get(refundId);
  }

  /** Asks the processor to return the money, then marks the refund, the intent and the event in one transaction. */
  async settle(refundId: string): Promise<boolean> {
    const [row] = await this.db.query<RefundRow & { charge_id: string | null }>(
      `SELECT r.id, r.intent_id, i.order_id, r.reason, r.amount, r.currency, r.status, r.created_at, i.charge_id
       FROM refunds r JOIN intents i ON i.id = r.intent_id WHERE r.id = $1`,
      [refundId],
    );
    if (!row || row.status === 'succeeded') return false;
    if (!row.charge_id) throw new Error(`refund ${refundId} of intent ${row.intent_id} has no charge to refund`);
    const amount = { amount: Number(row.amount), currency: row.currency };
    await this.processor.refundCharge({ chargeId: row.charge_id, refundId, amount });
    return this.db.transaction(async (tx) => {
      const intent = await lockIntent(tx, 'id', row.intent_id);
      const [done] = await tx.query<{ updated_at: Date | string }>(
        `UPDATE refunds SET status = 'succeeded', updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING updated_at`,
        [refundId],
      );
      if (!done || !intent) return false; // settled meanwhile by another attempt
      await setStatus(tx, intent.id, 'refunded');
      await this.bus.publish(
        tx,
        PaymentRefunded,
        {
          intentId: intent.id,
          orderId: intent.order_id,
          buyerId: intent.buyer_id,
          at: new Date(done.updated_at).toISOString(),
          refundId,
          amount,
        },
        { id: `payment.refunded:${refundId}` },
      );
      return true;
    });
  }

  /** Settles now if the processor answers; otherwise the refund stays pending for the reconciliation job. */
  async trySettle(refundId: string): Promise<void> {
    try {
      await this.settle(refundId);
    } catch (err) {
      this.log.warn({ err, refundId }, 'refund not confirmed by the processor yet; reconciliation retries it');
    }
  }

  async pending(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM refunds WHERE status = 'pending' ORDER BY created_at LIMIT $1`, [
      limit,
    ]);
    return rows.map((r) => r.id);
  }

  async get(refundId: string): Promise<Refund> {
    const [row] = await this.db.query<RefundRow>(`${SELECT_REFUND} WHERE r.id = $1`, [refundId]);
    if (!row) throw new Error(`refund ${refundId} vanished`);
    return {
      refundId: row.id,
      intentId: row.intent_id,
      orderId: row.order_id,
      amount: { amount: Number(row.amount), currency: row.currency },
      status: row.status,
      reason: row.reason,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }
}

/** A full refund of the intent, pending; the caller holds the intent's row lock. */
export async function recordRefund(
  tx: Tx,
  intent: Pick<IntentRow, 'id' | 'amount' | 'currency'>,
  why: { key: string; reason: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO refunds (id, intent_id, idempotency_key, reason, amount, currency, status)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'pending') ON CONFLICT (intent_id) DO NOTHING RETURNING id`,
    [intent.id, why.key, why.reason, intent.amount, intent.currency],
  );
  if (row) return row.id;
  const [existing] = await tx.query<{ id: string }>('SELECT id FROM refunds WHERE intent_id = $1', [intent.id]);
  return existing!.id;
}
