// Cart lines in PostgreSQL, the one store of carts (see README: measured against Redis hashes). Every change of a
// cart takes the cart's advisory lock in its transaction, so concurrent changes of one cart take turns and the limits
// (lines per cart, units per line) are decided on what is committed.
import { MallError } from '@mall/contracts';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { mergedQuantity, refusalOfQuantity, type Limits, type Price } from './domain/cart.ts';

export interface StoredLine {
  skuId: string;
  quantity: number;
  selected: boolean;
  addedPrice: Price;
}

/** What is available of each SKU, or undefined when inventory did not answer in time. */
export type Availability = ReadonlyMap<string, number> | undefined;

interface LineRow {
  sku_id: string;
  quantity: number;
  selected: boolean;
  added_price: number | bigint;
  added_currency: string;
}

const LINE_COLUMNS = 'sku_id, quantity, selected, added_price, added_currency';

export interface CartLinesOptions {
  /**
   * Commit cart changes without waiting for the WAL flush (synchronous_commit off, per transaction): about half the
   * latency of an add (README). A restart of any of the mall's processes loses nothing either way, and neither does a
   * clean restart of PostgreSQL; a crash of the PostgreSQL server itself may lose the last fraction of a second of
   * cart changes (never corrupt them). Off by default: the issue asks that no cart be lost.
   */
  asyncCommit: () => boolean;
}

export class CartLines {
  constructor(
    private readonly db: ServiceDb,
    private readonly opts: CartLinesOptions = { asyncCommit: () => false },
  ) {}

  /** A cart's lines, the most recently added first. */
  async list(cartKey: string, tx: Pick<Tx, 'query'> = this.db): Promise<StoredLine[]> {
    const rows = await tx.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM cart_lines WHERE cart_key = $1 ORDER BY added_at DESC, sku_id`, [
      cartKey,
    ]);
    return rows.map(toLine);
  }

  /** Adds units to a SKU's line (or a new line) at `price`; once per idempotency key within the cart. */
  async add(
    cartKey: string,
    add: { idempotencyKey: string; skuId: string; quantity: number; price: Price; available: number | undefined },
    limits: Limits,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.begin(tx, cartKey);
      const request = { skuId: add.skuId, quantity: add.quantity };
      await once(tx, { scope: `cart.addLine:${cartKey}`, key: add.idempotencyKey, request }, async () => {
        // One round trip for both: the cart's line count and this SKU's line, if any.
        const [held = { lines: 0, quantity: null }] = await tx.query<{ lines: number; quantity: number | null }>(
          'SELECT count(*)::int AS lines, max(quantity) FILTER (WHERE sku_id = $2) AS quantity FROM cart_lines WHERE cart_key = $1',
          [cartKey, add.skuId],
        );
        const quantity = (held.quantity ?? 0) + add.quantity;
        refuseIf(
          refusalOfQuantity({ quantity, isNewLine: held.quantity === null, linesNow: held.lines, available: add.available }, limits),
        );
        // Adding again is the shopper taking the current price: the flag of a change starts over from it.
        await tx.query(
          `INSERT INTO cart_lines (cart_key, sku_id, quantity, added_price, added_currency) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (cart_key, sku_id) DO UPDATE SET quantity = excluded.quantity, added_price = excluded.added_price,
             added_currency = excluded.added_currency, selected = true, updated_at = now()`,
          [cartKey, add.skuId, quantity, add.price.amount, add.price.currency],
        );
        return { quantity };
      });
    });
  }

  /** Sets a line's quantity and/or selection; LINE_NOT_FOUND when the cart has no line of the SKU. */
  async update(
    cartKey: string,
    change: { skuId: string; quantity?: number | undefined; selected?: boolean | undefined; available: number | undefined },
    limits: Limits,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.begin(tx, cartKey);
      const [existing] = await tx.query<{ quantity: number }>('SELECT quantity FROM cart_lines WHERE cart_key = $1 AND sku_id = $2', [
        cartKey,
        change.skuId,
      ]);
      if (!existing) throw new MallError('LINE_NOT_FOUND', 'the cart has no line of this SKU');
      // Lowering a quantity is always allowed (the way out of exceeds_available); raising it is checked like an add.
      if (change.quantity !== undefined && change.quantity > existing.quantity) {
        refuseIf(refusalOfQuantity({ quantity: change.quantity, isNewLine: false, linesNow: 0, available: change.available }, limits));
      }
      await tx.query(
        `UPDATE cart_lines SET quantity = coalesce($3, quantity), selected = coalesce($4, selected), updated_at = now()
         WHERE cart_key = $1 AND sku_id = $2`,
        [cartKey, change.skuId, change.quantity ?? null, change.selected ?? null],
      );
    });
  }

  async remove(cartKey: string, skuId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.begin(tx, cartKey);
      await tx.query('DELETE FROM cart_lines WHERE cart_key = $1 AND sku_id = $2', [cartKey, skuId]);
    });
  }

  /**
   * Moves the guest cart's lines into the member's (quantities add, capped) and empties the guest cart, in one
   * transaction: a retry finds nothing left to move. A guest line new to the member past maxLines stays behind.
   */
  async merge(
    guestKey: string,
    memberKey: string,
    available: Availability,
    limits: Limits,
  ): Promise<{ merged: number; leftBehind: number }> {
    return this.db.transaction(async (tx) => {
      // Two carts: always locked in the same order, so two merges never wait on each other in a circle.
      for (const key of [guestKey, memberKey].sort()) await this.begin(tx, key);
      const guest = await this.list(guestKey, tx);
      const member = new Map((await this.list(memberKey, tx)).map((line) => [line.skuId, line]));
      let lines = member.size;
      let merged = 0;
      // Oldest guest lines first: when the member cart fills up, the lines the guest chose first made it.
      for (const line of [...guest].reverse()) {
        const held = member.get(line.skuId);
        if (!held && lines >= limits.maxLines) continue;
        const quantity = mergedQuantity(
          { member: held?.quantity, guest: line.quantity, available: available?.get(line.skuId) },
          limits.maxQuantityPerLine,
        );
        // The member line keeps its added price; a line new to the member keeps the price the guest added it at.
        await tx.query(
          `INSERT INTO cart_lines (cart_key, sku_id, quantity, selected, added_price, added_currency) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (cart_key, sku_id) DO UPDATE SET quantity = excluded.quantity, selected = cart_lines.selected OR excluded.selected,
             updated_at = now()`,
          [memberKey, line.skuId, quantity, line.selected, line.addedPrice.amount, line.addedPrice.currency],
        );
        if (!held) lines += 1;
        merged += 1;
      }
      await tx.query('DELETE FROM cart_lines WHERE cart_key = $1', [guestKey]);
      return { merged, leftBehind: guest.length - merged };
    });
  }

  /** The selected lines of a cart, what checkout buys. */
  async selected(cartKey: string): Promise<Array<{ skuId: string; quantity: number }>> {
    const lines = await this.list(cartKey);
    return lines.filter((line) => line.selected).map(({ skuId, quantity }) => ({ skuId, quantity }));
  }

  /**
   * Drops the lines an order bought from its buyer's cart, once per order (paid_orders), in the consumer's
   * transaction; answers how many lines went, or undefined when the order was applied before.
   */
  async dropPurchased(tx: Tx, order: { orderId: string; cartKey: string; buyerId: string; skuIds: string[] }): Promise<number | undefined> {
    const claimed = await tx.query(
      'INSERT INTO paid_orders (order_id, buyer_id, lines_removed) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING RETURNING order_id',
      [order.orderId, order.buyerId],
    );
    if (claimed.length === 0) return undefined;
    await lockCart(tx, order.cartKey);
    const removed = await tx.query('DELETE FROM cart_lines WHERE cart_key = $1 AND sku_id = ANY($2::uuid[]) RETURNING sku_id', [
      order.cartKey,
      order.skuIds,
    ]);
    await tx.query('UPDATE paid_orders SET lines_removed = $2 WHERE order_id = $1', [order.orderId, removed.length]);
    return removed.length;
  }

  /** Deletes guest carts untouched since `before`, at most `batch` lines; answers how many went. */
  async sweepGuestCarts(before: Date, batch: number): Promise<number> {
    const removed = await this.db.query(
      `DELETE FROM cart_lines WHERE ctid IN (
         SELECT ctid FROM cart_lines WHERE cart_key LIKE 'g:%' AND updated_at < $1 LIMIT $2
       ) RETURNING sku_id`,
      [before, batch],
    );
    return removed.length;
  }

  /** A cart change's transaction: its commit mode, and the cart's lock. */
  private async begin(tx: Tx, cartKey: string): Promise<void> {
    // One round trip for both: the commit mode of this transaction only, and the cart's lock.
    await tx.query(`SELECT set_config('synchronous_commit', $2, true), pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `cart:${cartKey}`,
      this.opts.asyncCommit() ? 'off' : 'on',
    ]);
  }
}

/** Changes of one cart take turns: the limits are checked against what the previous change committed. */
async function lockCart(tx: Pick<Tx, 'query'>, cartKey: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`cart:${cartKey}`]);
}

function refuseIf(refusal: ReturnType<typeof refusalOfQuantity>): void {
  if (!refusal) return;
  const messages = {
    CART_FULL: 'the cart holds the most lines it may; remove one first',
    LINE_QUANTITY_LIMIT: 'more units of one SKU than a line may hold',
    INSUFFICIENT_STOCK: 'fewer units are available than the line would hold',
  };
  const { code, ...details } = refusal;
  throw new MallError(code, messages[code], { details });
}

function toLine(row: LineRow): StoredLine {
  return {
    skuId: row.sku_id,
    quantity: row.quantity,
    selected: row.selected,
    addedPrice: { amount: Number(row.added_price), currency: row.added_currency.trim() },
  };
}
