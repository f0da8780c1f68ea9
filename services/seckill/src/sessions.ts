// Sessions in the back office and on the storefront: create and edit drafts (a SKU never in two overlapping
// sessions), publish (carve each item's quantity out of inventory, then preload it into the KV store), close (stop
// the grab, give the unsold units back), and the reads. The KV store holds the live stock; PostgreSQL the rest.
import { randomUUID } from 'node:crypto';
import { MallError, fieldRefused, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { SeckillContract } from '@mall/contracts/seckill';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Kv } from '@mall/platform/kv';
import type { Client } from '@mall/platform/rpc';
import { decidePublish, duplicateSku, mayEdit, unsold, windowProblem, type SessionStatus } from './domain/sessions.ts';
import { drainScript, itemKeys } from './grab-scripts.ts';

type Session = MethodOutput<typeof SeckillContract, 'getSession'>;
type In<K extends keyof (typeof SeckillContract)['methods']> = MethodInput<typeof SeckillContract, K>;
type Fields = Pick<In<'createSession'>, 'title' | 'startsAt' | 'endsAt' | 'items'>;

interface SessionRow {
  id: string;
  title: string;
  status: SessionStatus;
  starts_at: Date | string;
  ends_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface ItemRow {
  id: string;
  session_id: string;
  sku_id: string;
  price_amount: number | string;
  currency: string;
  quantity: number;
  per_user_limit: number;
  returned: number | null;
}

const iso = (t: Date | string): string => new Date(t).toISOString();
const SESSION_COLUMNS = 'id, title, status, starts_at, ends_at, created_at, updated_at';
const ITEM_COLUMNS = 'id, session_id, sku_id, price_amount, currency, quantity, per_user_limit, returned';

/** The allocation of an item in inventory: what publishing carves out and closing releases. */
export const allocationRef = (itemId: string): string => `seckill:${itemId}`;

export class Sessions {
  constructor(
    private readonly db: ServiceDb,
    private readonly kv: Kv,
    private readonly inventory: Client<typeof InventoryContract>,
  ) {}

  create(input: In<'createSession'>): Promise<Session> {
    checkFields(input);
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query<{ id: string }>('SELECT id FROM sessions WHERE idempotency_key = $1', [input.idempotencyKey]);
      if (existing) return this.read(tx, existing.id);
      await lockForOverlap(tx);
      await refuseOverlap(tx, input, null);
      const id = randomUUID();
      await tx.query(`INSERT INTO sessions (id, idempotency_key, title, status, starts_at, ends_at) VALUES ($1, $2, $3, 'DRAFT', $4, $5)`, [
        id,
        input.idempotencyKey,
        input.title,
        input.startsAt,
        input.endsAt,
      ]);
      await insertItems(tx, id, input.items);
      return this.read(tx, id);
    });
  }

  update(input: In<'updateSession'>): Promise<Session> {
    checkFields(input);
    return this.db.transaction(async (tx) => {
      const row = await lockSession(tx, input.sessionId);
      if (!mayEdit(row.status)) throw new MallError('SESSION_NOT_EDITABLE', `session ${row.id} is ${row.status}; only a draft is edited`);
      await lockForOverlap(tx);
      await refuseOverlap(tx, input, row.id);
      await tx.query('UPDATE sessions SET title = $2, starts_at = $3, ends_at = $4, updated_at = now() WHERE id = $1', [
        row.id,
        input.title,
        input.startsAt,
        input.endsAt,
      ]);
      await tx.query('DELETE FROM session_items WHERE session_id = $1', [row.id]);
      await insertItems(tx, row.id, input.items);
      return this.read(tx, row.id);
    });
  }

  /**
   * Carves every item out of inventory (idempotent by the item's allocation ref), preloads the KV store, and only
   * then marks the session published: a publish cut short is finished by publishing again.
   */
  async publish(sessionId: string): Promise<Session> {
    const session = await this.get(sessionId);
    const decision = decidePublish(session.status, { startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt) }, new Date());
    if (decision === 'closed') throw new MallError('SESSION_CLOSED', `session ${sessionId} is closed`);
    if (decision === 'ended') throw new MallError('ENDED', `session ${sessionId} is over; nothing to publish`);
    if (decision === 'replay') return session;
    await this.db.transaction(async (tx) => {
      await lockForOverlap(tx);
      await refuseOverlap(tx, session, sessionId, 'PUBLISHED');
    });
    for (const item of session.items) {
      await this.inventory.allocate({ ref: allocationRef(item.id), skuId: item.skuId, quantity: item.quantity });
    }
    const rows = await this.db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM session_items WHERE session_id = $1`, [sessionId]);
    for (const row of rows) await preload(this.kv, this.db, row, session);
    await this.db.query(`UPDATE sessions SET status = 'PUBLISHED', updated_at = now() WHERE id = $1 AND status = 'DRAFT'`, [sessionId]);
    return this.get(sessionId);
  }

  /**
   * Stops the grab (the KV stock of every item emptied) and gives back to inventory what no ticket holds. Tickets
   * still queued keep their units: their orders take them from the allocation after the close.
   */
  async closeSale(sessionId: string): Promise<Session> {
    const session = await this.get(sessionId);
    if (session.status === 'CLOSED') return session;
    await this.db.query(`UPDATE sessions SET status = 'CLOSED', updated_at = now() WHERE id = $1`, [sessionId]);
    if (session.status === 'PUBLISHED') {
      for (const item of session.items) {
        const keys = itemKeys(item.id);
        await this.kv.run(drainScript, [keys.stock], []);
        // Without its window the grab script answers "not loaded", and the reload finds the session closed: ENDED.
        await this.kv.del(keys.meta);
        const [held] = await this.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM tickets WHERE item_id = $1 AND status <> 'FAILED'`,
          [item.id],
        );
        const giveBack = unsold(item.quantity, item.quantity - Number(held?.n ?? 0));
        await this.inventory.releaseAllocation({ ref: allocationRef(item.id), quantity: giveBack });
        await this.db.query('UPDATE session_items SET returned = $2 WHERE id = $1', [item.id, giveBack]);
      }
    }
    return this.get(sessionId);
  }

  get(sessionId: string): Promise<Session> {
    return this.db.transaction((tx) => this.read(tx, sessionId));
  }

  async list(input: In<'listSessions'>): Promise<MethodOutput<typeof SeckillContract, 'listSessions'>> {
    const pageSize = input.pageSize ?? 20;
    const offset = ((input.page ?? 1) - 1) * pageSize;
    const status = input.status ?? null;
    const rows = await this.db.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE ($1::text IS NULL OR status = $1) ORDER BY starts_at DESC, id LIMIT $2 OFFSET $3`,
      [status, pageSize, offset],
    );
    const [count] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE ($1::text IS NULL OR status = $1)', [
      status,
    ]);
    return { items: await this.withItems(rows), total: Number(count?.n ?? 0) };
  }

  /** Published sessions not over yet, soonest first, each item's remaining stock read from the KV store in one call. */
  async storefront(): Promise<MethodOutput<typeof SeckillContract, 'storefrontSessions'>> {
    const rows = await this.db.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE status = 'PUBLISHED' AND ends_at > now() ORDER BY starts_at, id LIMIT 100`,
    );
    return { now: new Date().toISOString(), sessions: await this.withItems(rows) };
  }

  private async read(tx: Tx, sessionId: string): Promise<Session> {
    const [row] = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [sessionId]);
    if (!row) throw new MallError('NOT_FOUND', `no session ${sessionId}`);
    const [session] = await this.withItems([row], tx);
    return session!;
  }

  private async withItems(rows: SessionRow[], tx: Tx | ServiceDb = this.db): Promise<Session[]> {
    if (rows.length === 0) return [];
    const items = await tx.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM session_items WHERE session_id = ANY($1::uuid[]) ORDER BY session_id, position`,
      [rows.map((r) => r.id)],
    );
    const live = items.filter((i) => rows.find((r) => r.id === i.session_id)?.status === 'PUBLISHED');
    const stock = live.length ? await this.kv.mget(live.map((i) => itemKeys(i.id).stock)) : [];
    const remaining = new Map(live.map((i, n) => [i.id, Math.max(0, Number(stock[n] ?? 0))]));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      items: items
        .filter((i) => i.session_id === r.id)
        .map((i) => ({
          id: i.id,
          skuId: i.sku_id,
          price: { amount: Number(i.price_amount), currency: i.currency },
          quantity: i.quantity,
          perUserLimit: i.per_user_limit,
          remaining: r.status === 'DRAFT' ? i.quantity : r.status === 'CLOSED' ? 0 : (remaining.get(i.id) ?? 0),
        })),
    }));
  }
}

/**
 * Loads an item into the KV store: the stock not yet taken (its quantity less the tickets that hold a unit), each
 * buyer's count, then the window and limit last — the grab script treats a missing window as "not loaded". Stock and
 * counts are written only when absent, so a reload racing live grabs never hands a unit out twice.
 */
export async function preload(kv: Kv, db: ServiceDb, item: ItemRow, w: { startsAt: string; endsAt: string }): Promise<void> {
  const keys = itemKeys(item.id);
  const held = await db.query<{ buyer_id: string; n: number }>(
    `SELECT buyer_id, max(seq)::int AS n FROM tickets WHERE item_id = $1 GROUP BY buyer_id`,
    [item.id],
  );
  const taken = held.reduce((sum, h) => sum + Number(h.n), 0);
  await kv.set(keys.stock, String(Math.max(0, item.quantity - taken)), { onlyIfAbsent: true });
  if (held.length > 0 && Object.keys(await kv.hgetall(keys.buyers)).length === 0)
    await kv.hset(keys.buyers, Object.fromEntries(held.map((h) => [h.buyer_id, String(h.n)])));
  await kv.hset(keys.meta, {
    startsAt: String(new Date(w.startsAt).getTime()),
    endsAt: String(new Date(w.endsAt).getTime()),
    limit: String(item.per_user_limit),
  });
}

function checkFields(f: Fields): void {
  const problem = windowProblem({ startsAt: new Date(f.startsAt), endsAt: new Date(f.endsAt) }, new Date());
  if (problem) throw fieldRefused('INVALID_WINDOW', { path: '/endsAt', message: problem });
  const twice = duplicateSku(f.items);
  if (twice) throw fieldRefused('DUPLICATE_SKU', { path: '/items', message: `SKU ${twice} is named twice; one item per SKU` });
}

async function lockSession(tx: Tx, sessionId: string): Promise<SessionRow> {
  const [row] = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1 FOR UPDATE`, [sessionId]);
  if (!row) throw new MallError('NOT_FOUND', `no session ${sessionId}`);
  return row;
}

/** Overlap checks and the writes they allow take turns (back-office traffic only, never the grab). */
async function lockForOverlap(tx: Tx): Promise<void> {
  await tx.query('LOCK TABLE sessions IN SHARE ROW EXCLUSIVE MODE');
}

/** A SKU may not be in two sessions whose windows overlap, unless one of them is closed. */
async function refuseOverlap(
  tx: Tx,
  f: Pick<Fields, 'startsAt' | 'endsAt'> & { items: readonly { skuId: string }[] },
  self: string | null,
  only?: 'PUBLISHED',
): Promise<void> {
  const clash = await tx.query<{ sku_id: string; session_id: string }>(
    `SELECT i.sku_id, s.id AS session_id FROM session_items i JOIN sessions s ON s.id = i.session_id
     WHERE i.sku_id = ANY($1::uuid[]) AND s.status <> 'CLOSED' AND ($4::text IS NULL OR s.status = $4)
       AND ($2::uuid IS NULL OR s.id <> $2) AND s.starts_at < $5 AND $3 < s.ends_at LIMIT 1`,
    [f.items.map((i) => i.skuId), self, f.startsAt, only ?? null, f.endsAt],
  );
  const [first] = clash;
  if (first)
    throw new MallError('SKU_IN_OVERLAPPING_SESSION', `SKU ${first.sku_id} is already in session ${first.session_id} at that time`, {
      details: { skuId: first.sku_id, sessionId: first.session_id },
    });
}

async function insertItems(tx: Tx, sessionId: string, items: Fields['items']): Promise<void> {
  await tx.query(
    `INSERT INTO session_items (id, session_id, position, sku_id, price_amount, currency, quantity, per_user_limit)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::bigint[], $6::text[], $7::int[], $8::int[])`,
    [
      items.map(() => randomUUID()),
      items.map(() => sessionId),
      items.map((_, i) => i),
      items.map((i) => i.skuId),
      items.map((i) => i.price.amount),
      items.map((i) => i.price.currency),
      items.map((i) => i.quantity),
      items.map((i) => i.perUserLimit),
    ],
  );
}
