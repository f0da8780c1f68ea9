// The calls that follow a committed change of an order, done once in effect: `enqueue` writes the task in the change's
// transaction, `runDue` carries tasks out after it, outside any transaction, and marks them done. Every call is
// idempotent on the other side (inventory by ref, payment by order and key), so a task run twice does no harm.
import { isMallError } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import type { PaymentPort } from './ports.ts';

export type TaskKind = 'release' | 'commit-stock' | 'refund-late-payment';

interface TaskRow {
  id: number;
  order_id: string;
  kind: TaskKind;
  args: { intentId?: string };
  attempts: number;
}

/** A payment that arrived after its order was cancelled is refunded once per intent. */
export const latePaymentKey = (intentId: string): string => `late-payment-${intentId}`;

export class OrderTasks {
  constructor(
    private readonly db: ServiceDb,
    private readonly inventory: Client<typeof InventoryContract>,
    private readonly payment: PaymentPort,
    private readonly log: Logger,
  ) {}

  async enqueue(tx: Tx, orderId: string, kind: TaskKind, args: Record<string, string> = {}): Promise<void> {
    await tx.query('INSERT INTO order_tasks (order_id, kind, args) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING', [
      orderId,
      kind,
      JSON.stringify(args),
    ]);
  }

  /** Carries out the due tasks (of one order when given, e.g. right after a buyer's cancel); answers how many finished. */
  async runDue(limit: number, orderId?: string): Promise<number> {
    const due = await this.db.query<TaskRow>(
      `SELECT id, order_id, kind, args, attempts FROM order_tasks
       WHERE done_at IS NULL AND next_at <= now() AND ($2::uuid IS NULL OR order_id = $2) ORDER BY next_at LIMIT $1`,
      [limit, orderId ?? null],
    );
    let finished = 0;
    for (const task of due) {
      try {
        await this.carryOut(task);
        await this.db.query('UPDATE order_tasks SET done_at = now(), attempts = attempts + 1 WHERE id = $1', [task.id]);
        finished += 1;
      } catch (err) {
        const delayMs = Math.min(60_000, 200 * 2 ** task.attempts);
        await this.db.query(
          `UPDATE order_tasks SET attempts = attempts + 1, next_at = now() + $2 * interval '1 millisecond', last_error = $3 WHERE id = $1`,
          [task.id, delayMs, err instanceof Error ? err.message.slice(0, 500) : String(err)],
        );
        this.log.warn({ err, orderId: task.order_id, task: task.kind }, 'order task failed; it will be retried');
      }
    }
    return finished;
  }

  private async carryOut(task: TaskRow): Promise<void> {
    const orderId = task.order_id;
    switch (task.kind) {
      case 'release':
        await this.inventory.cancel({ ref: orderId });
        // An order cancelled before its intent was created has none; one paid meanwhile is refunded on payment.succeeded.
        await this.payment.cancelIntent({ orderId }).catch(unless('NOT_FOUND', 'INTENT_SUCCEEDED'));
        return;
      case 'commit-stock':
        await this.inventory.confirm({ ref: orderId }).catch((err: unknown) => {
          // A hold that lapsed or was released cannot be committed by retrying: staff must look at it.
          if (!(isMallError(err) && err.status === 409)) throw err;
          this.log.error({ orderId, code: err.code }, 'paid order whose stock hold is gone');
        });
        return;
      case 'refund-late-payment':
        await this.payment
          .refund({ orderId, idempotencyKey: latePaymentKey(task.args.intentId ?? orderId), reason: 'paid after the order was cancelled' })
          // Payment refunds a charge of a cancelled intent by itself; then no succeeded intent is left to refund.
          .catch(unless('INTENT_NOT_SUCCEEDED'));
        return;
    }
  }
}

/** Swallows the refusals that mean "already as wanted"; rethrows anything else. */
function unless(...codes: string[]): (err: unknown) => void {
  return (err) => {
    if (!(isMallError(err) && codes.includes(err.code))) throw err;
  };
}
