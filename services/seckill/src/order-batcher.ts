// Orders from tickets, in batches: the ticket events (JetStream in cluster mode) feed an in-process batcher that
// flushes at orderBatchSize tickets or orderBatchMs, whichever comes first (go-zero's batcher), placing each order
// through the order service (idempotent by the ticket id) and settling the batch's tickets in one statement each way.
// A batch lost with its instance is found again by the sweep (tickets still queued after requeueAfterMs).
import { MallError } from '@mall/contracts';
import type { OrderContract } from '@mall/contracts/order';
import type { ServiceDb } from '@mall/platform/db';
import type { Kv } from '@mall/platform/kv';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { itemKeys, ungrabScript } from './grab-scripts.ts';
import { allocationRef } from './sessions.ts';

export interface BatcherSettings {
  batchSize: number;
  batchMs: number;
  concurrency: number;
  paymentWindowSeconds: number;
}

interface QueuedTicket {
  id: string;
  item_id: string;
  buyer_id: string;
  sku_id: string;
  price_amount: number | string;
  currency: string;
}

type Outcome = { id: string; orderId: string } | { id: string; failure: string; ticket: QueuedTicket } | undefined;

export class OrderBatcher {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly flushing = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly o: { db: ServiceDb; kv: Kv; order: Client<typeof OrderContract>; log: Logger; settings: () => BatcherSettings },
  ) {}

  add(ticketId: string): void {
    if (this.closed) return;
    this.pending.add(ticketId);
    if (this.pending.size >= this.o.settings().batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.o.settings().batchMs);
  }

  /** Tickets queued for longer than `olderThanMs` (their batch died, or the order service was away) go round again. */
  async requeueStale(olderThanMs: number, limit: number): Promise<number> {
    const rows = await this.o.db.query<{ id: string }>(
      `UPDATE tickets SET updated_at = now() WHERE id IN (
         SELECT id FROM tickets WHERE status = 'QUEUED' AND updated_at < now() - $1 * interval '1 millisecond' ORDER BY updated_at LIMIT $2
       ) RETURNING id`,
      [olderThanMs, limit],
    );
    for (const { id } of rows) this.add(id);
    return rows.length;
  }

  /** Places what is pending and waits for every batch under way (the runtime calls it at shutdown). */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    await Promise.all([...this.flushing]);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Set();
    const run = this.place(batch)
      .catch((err: unknown) =>
        this.o.log.error({ err, tickets: batch.length }, 'a batch of flash-sale orders failed; the sweep retries it'),
      )
      .finally(() => this.flushing.delete(run));
    this.flushing.add(run);
  }

  private async place(ids: string[]): Promise<void> {
    const tickets = await this.o.db.query<QueuedTicket>(
      `SELECT t.id, t.item_id, t.buyer_id, i.sku_id, i.price_amount, i.currency
       FROM tickets t JOIN session_items i ON i.id = t.item_id WHERE t.id = ANY($1::uuid[]) AND t.status = 'QUEUED'`,
      [ids],
    );
    const outcomes: Outcome[] = [];
    const { concurrency, paymentWindowSeconds } = this.o.settings();
    for (let i = 0; i < tickets.length; i += concurrency) {
      outcomes.push(...(await Promise.all(tickets.slice(i, i + concurrency).map((t) => this.placeOne(t, paymentWindowSeconds)))));
    }
    const created = outcomes.filter((o): o is { id: string; orderId: string } => !!o && 'orderId' in o);
    const failed = outcomes.filter((o): o is { id: string; failure: string; ticket: QueuedTicket } => !!o && 'failure' in o);
    if (created.length > 0)
      await this.o.db.query(
        `UPDATE tickets t SET status = 'ORDER_CREATED', order_id = c.order_id, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS c(id, order_id) WHERE t.id = c.id AND t.status = 'QUEUED'`,
        [created.map((c) => c.id), created.map((c) => c.orderId)],
      );
    for (const f of failed) {
      const [settled] = await this.o.db.query(
        `UPDATE tickets SET status = 'FAILED', failure = $2, updated_at = now() WHERE id = $1 AND status = 'QUEUED' RETURNING id`,
        [f.id, f.failure],
      );
      // Nobody holds the unit any more: it goes back to the sale, and the buyer may grab again.
      if (settled)
        await this.o.kv.run(ungrabScript, [itemKeys(f.ticket.item_id).stock, itemKeys(f.ticket.item_id).buyers], [f.ticket.buyer_id]);
    }
  }

  /** The order of one ticket; a refusal (4xx) fails the ticket, anything else leaves it queued for the sweep. */
  private async placeOne(t: QueuedTicket, paymentWindowSeconds: number): Promise<Outcome> {
    try {
      const order = await this.o.order.placeSeckillOrder({
        ref: t.id,
        buyerId: t.buyer_id,
        skuId: t.sku_id,
        quantity: 1,
        unitPrice: { amount: Number(t.price_amount), currency: t.currency },
        allocation: allocationRef(t.item_id),
        paymentWindowSeconds,
      });
      return { id: t.id, orderId: order.id };
    } catch (err) {
      if (err instanceof MallError && err.status >= 400 && err.status < 500 && err.code !== 'ORDER_IN_PROGRESS')
        return { id: t.id, failure: err.code, ticket: t };
      this.o.log.warn({ err, ticketId: t.id }, 'flash-sale order not placed yet; the sweep retries it');
      return undefined;
    }
  }
}
