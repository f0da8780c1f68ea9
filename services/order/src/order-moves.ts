// Every change of an order's status: the row locked, the state machine asked, the status and its history written and
// the event published through the outbox, all in one transaction. A refused move is a 409 with the machine's code.
import { MallError } from '@mall/contracts';
import { OrderCancelled, OrderPaid, OrderRefunded, OrderShipped } from '@mall/contracts/order';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Bus } from '@mall/platform/bus';
import { decideTransition, type Actor, type OrderMove, type TransitionDecision } from './domain/status.ts';
import { readLines, readOrder, type Order, type OrderRow } from './order-rows.ts';
import type { OrderTasks } from './order-tasks.ts';

export interface Who {
  actor: Actor;
  /** The back-office user, when staff act. */
  actorId?: string;
  reason: string;
}

export type CancelReason = 'buyer' | 'timeout' | 'staff' | 'checkout_failed';

export class OrderMoves {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
    private readonly tasks: OrderTasks,
  ) {}

  /**
   * Locks the order and applies `move`: answers the row as it was and the decision. A refusal is answered, not thrown,
   * so callers that must not fail (a consumer hearing a late payment) decide what it means.
   */
  async apply(
    tx: Tx,
    orderId: string,
    move: OrderMove,
    who: Who,
    opts: { buyerId?: string; extra?: Record<string, unknown> } = {},
  ): Promise<{ row: OrderRow; decision: TransitionDecision }> {
    const [row] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    if (!row || (opts.buyerId !== undefined && row.buyer_id !== opts.buyerId)) throw new MallError('NOT_FOUND', 'no such order');
    const decision = decideTransition(row.status, move);
    if (decision.kind !== 'move') return { row, decision };
    const extra = Object.entries(opts.extra ?? {});
    const sets = extra.map(([column], i) => `${column} = $${i + 3}`);
    await tx.query(`UPDATE orders SET ${['status = $2', 'updated_at = now()', ...sets].join(', ')} WHERE id = $1`, [
      orderId,
      decision.to,
      ...extra.map(([, value]) => value),
    ]);
    await recordStatus(tx, orderId, decision.from, decision.to, who);
    return { row, decision };
  }

  /** Applies a move a caller asked for; a refusal is thrown as its 409. Answers the order as it now is. */
  private async demand(
    orderId: string,
    move: OrderMove,
    who: Who,
    opts: { buyerId?: string; extra?: Record<string, unknown> },
    publish?: (tx: Tx, row: OrderRow) => Promise<void>,
  ): Promise<Order> {
    return this.db.transaction(async (tx) => {
      const { row, decision } = await this.apply(tx, orderId, move, who, opts);
      if (decision.kind === 'refuse') throw new MallError(decision.code, decision.message, { status: 409 });
      if (decision.kind === 'move' && publish) await publish(tx, row);
      return readOrder(tx, orderId);
    });
  }

  /** Cancels an unpaid order, then releases what it held at once (the task job retries it if that fails now). */
  async cancel(orderId: string, reason: CancelReason, who: Who, buyerId?: string): Promise<Order> {
    const order = await this.demand(orderId, 'cancel', who, { ...(buyerId ? { buyerId } : {}) }, (tx, row) =>
      this.publishCancelled(tx, row, reason),
    );
    await this.tasks.runDue(5, orderId);
    return order;
  }

  /** order.cancelled, and the task that releases the order's stock and cancels its intent, with the cancel. */
  async publishCancelled(tx: Tx, row: OrderRow, reason: CancelReason): Promise<void> {
    await this.bus.publish(tx, OrderCancelled, { ...facts(row), reason });
    await this.tasks.enqueue(tx, row.id, 'release');
  }

  /** The buyer's word that a shipped order arrived: delivered, then completed. */
  async confirmReceipt(orderId: string, buyerId: string): Promise<Order> {
    return this.db.transaction(async (tx) => {
      const who: Who = { actor: 'buyer', reason: 'receipt confirmed' };
      const delivered = await this.apply(tx, orderId, 'deliver', who, { buyerId });
      if (delivered.decision.kind === 'refuse' && delivered.row.status !== 'COMPLETED') {
        throw new MallError(delivered.decision.code, delivered.decision.message, { status: 409 });
      }
      if (delivered.row.status !== 'COMPLETED') await this.apply(tx, orderId, 'complete', who, { buyerId });
      return readOrder(tx, orderId);
    });
  }

  requestRefund(orderId: string, buyerId: string, reason: string): Promise<Order> {
    return this.demand(orderId, 'requestRefund', { actor: 'buyer', reason }, { buyerId, extra: { refund_reason: reason } });
  }

  ship(orderId: string, actorId: string, carrier: string, trackingNo: string): Promise<Order> {
    return this.demand(
      orderId,
      'ship',
      { actor: 'staff', actorId, reason: `shipped by ${carrier}` },
      { extra: { carrier, tracking_no: trackingNo, shipped_at: new Date() } },
      (tx, row) => this.bus.publish(tx, OrderShipped, { ...facts(row), carrier, trackingNo }).then(() => undefined),
    );
  }

  /** Records staff's approval of a requested refund (once); payment is then asked to refund. Answers the order. */
  async approveRefund(orderId: string, actorId: string): Promise<Order> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
      if (!row) throw new MallError('NOT_FOUND', 'no such order');
      if (row.status !== 'REFUND_REQUESTED' && row.status !== 'REFUNDED')
        throw new MallError('ILLEGAL_TRANSITION', `an order in status ${row.status} has no refund to approve`, { status: 409 });
      if (row.refund_approved_at === null) {
        await tx.query('UPDATE orders SET refund_approved_at = now(), updated_at = now() WHERE id = $1', [orderId]);
        await recordStatus(tx, orderId, row.status, row.status, { actor: 'staff', actorId, reason: 'refund approved' });
      }
      return readOrder(tx, orderId);
    });
  }

  /** payment.succeeded: the order is paid (answers true) unless it was not waiting for a payment. */
  async markPaid(tx: Tx, orderId: string, intentId: string): Promise<{ paid: boolean; row: OrderRow | undefined }> {
    const [exists] = await tx.query('SELECT 1 FROM orders WHERE id = $1', [orderId]);
    if (!exists) return { paid: false, row: undefined };
    const { row, decision } = await this.apply(tx, orderId, 'pay', { actor: 'system', reason: 'payment succeeded' });
    if (decision.kind === 'move') {
      const lines = (await readLines(tx, orderId)).map((l) => ({
        skuId: l.skuId,
        quantity: l.quantity,
        title: l.title,
        unitPrice: l.unitPrice,
      }));
      await this.bus.publish(tx, OrderPaid, {
        ...facts(row),
        total: { amount: row.total_amount, currency: row.currency },
        lines,
        paymentIntentId: intentId,
      });
      await this.tasks.enqueue(tx, orderId, 'commit-stock');
    }
    return { paid: decision.kind !== 'refuse', row };
  }

  /** payment.refunded of an approved refund: the order is refunded. */
  async markRefunded(tx: Tx, orderId: string, amount: { amount: number; currency: string }): Promise<void> {
    const [row] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
    if (!row || row.status !== 'REFUND_REQUESTED' || row.refund_approved_at === null) return;
    const { decision } = await this.apply(tx, orderId, 'refund', { actor: 'system', reason: 'payment refunded' });
    if (decision.kind === 'move') await this.bus.publish(tx, OrderRefunded, { ...facts(row), amount });
  }

  /** The unpaid orders past expiresAt, cancelled in one transaction; rows another instance holds are skipped. */
  async cancelExpired(limit: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const due = await tx.query<{ id: string }>(
        `SELECT id FROM orders WHERE status = 'PENDING_PAYMENT' AND expires_at <= now()
         ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      for (const { id } of due) {
        const { row, decision } = await this.apply(tx, id, 'cancel', { actor: 'system', reason: 'not paid in time' });
        if (decision.kind === 'move') await this.publishCancelled(tx, row, 'timeout');
      }
      return due.length;
    });
  }
}

export async function recordStatus(tx: Tx, orderId: string, from: string | null, to: string, who: Who): Promise<void> {
  await tx.query(
    'INSERT INTO order_status_history (order_id, from_status, to_status, actor, actor_id, reason) VALUES ($1, $2, $3, $4, $5, $6)',
    [orderId, from, to, who.actor, who.actorId ?? null, who.reason],
  );
}

function facts(row: OrderRow): { orderId: string; orderNo: string; buyerId: string; at: string } {
  return { orderId: row.id, orderNo: row.order_no, buyerId: row.buyer_id, at: new Date().toISOString() };
}
