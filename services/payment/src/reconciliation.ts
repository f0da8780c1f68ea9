// Reconciliation: intents left pending past a threshold are settled by asking the processor what became of their
// charge (the notification may be lost, or still retrying), and refunds the processor did not confirm are retried.
import type { CardProcessorContract } from '@mall/contracts/card-processor';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import type { Intents } from './intents.ts';
import { recordRefund, type Refunds } from './refunds.ts';

export interface ReconcileSettings {
  afterMs: number;
  batchSize: number;
}

export interface ReconcileResult {
  settled: number;
  expired: number;
  refunded: number;
}

export class Reconciliation {
  constructor(
    private readonly db: ServiceDb,
    private readonly intents: Intents,
    private readonly refunds: Refunds,
    private readonly processor: Client<typeof CardProcessorContract>,
    private readonly log: Logger,
  ) {}

  async run(settings: ReconcileSettings): Promise<ReconcileResult> {
    const result: ReconcileResult = { settled: 0, expired: 0, refunded: 0 };
    for (const intent of await this.intents.pendingOlderThan(settings.afterMs, settings.batchSize)) {
      try {
        const outcome = await this.settleIntent(intent.id);
        if (outcome === 'settled') result.settled++;
        if (outcome === 'expired') result.expired++;
      } catch (err) {
        this.log.warn({ err, intentId: intent.id }, 'pending intent not reconciled this time');
      }
    }
    for (const refundId of await this.refunds.pending(settings.batchSize)) {
      try {
        if (await this.refunds.settle(refundId)) result.refunded++;
      } catch (err) {
        this.log.warn({ err, refundId }, 'refund still not confirmed by the processor');
      }
    }
    return result;
  }

  /** One pending intent: the processor's charge settles it; with no charge and its time up, it is cancelled. */
  private async settleIntent(intentId: string): Promise<'settled' | 'expired' | 'unchanged'> {
    const charge = await this.processor.chargeStatus({ intentId });
    if (charge.status === 'none') return (await this.intents.expire(intentId)) ? 'expired' : 'unchanged';
    if (!charge.chargeId || !charge.amount)
      throw new Error(`processor reported a ${charge.status} charge of ${intentId} without id or amount`);
    const report = {
      intentId,
      chargeId: charge.chargeId,
      outcome: charge.status,
      amount: charge.amount,
      ...(charge.declineReason !== null ? { declineReason: charge.declineReason } : {}),
    };
    const refundId = await this.db.transaction(async (tx) => {
      const applied = await this.intents.applyChargeOutcome(tx, report);
      if (!applied.refundLateCharge) return undefined;
      const { amount } = applied.intent;
      return recordRefund(
        tx,
        { id: intentId, amount: amount.amount, currency: amount.currency },
        {
          key: `late-charge:${charge.chargeId}`,
          reason: 'paid after the order was cancelled',
        },
      );
    });
    if (refundId) await this.refunds.trySettle(refundId);
    return 'settled';
  }
}
