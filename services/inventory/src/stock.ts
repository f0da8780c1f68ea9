// Stock per SKU: restocks and adjustments (once per idempotency key, each with its ledger row), availability of
// many SKUs in one query, and the paged reads of the back office.
import { MallError, fieldRefused, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { appendMovements } from './ledger.ts';

type Stock = MethodOutput<typeof InventoryContract, 'getStock'>;
type In<K extends keyof (typeof InventoryContract)['methods']> = MethodInput<typeof InventoryContract, K>;
type Out<K extends keyof (typeof InventoryContract)['methods']> = MethodOutput<typeof InventoryContract, K>;

interface StockRow {
  sku_id: string;
  on_hand: number;
  reserved: number;
  updated_at: Date | string;
}

const STOCK_COLUMNS = 'sku_id, on_hand, reserved, updated_at';
const DEFAULT_PAGE_SIZE = 20;

export class StockBook {
  constructor(private readonly db: ServiceDb) {}

  restock(input: In<'restock'>): Promise<Stock> {
    const { skuId, quantity, reason, idempotencyKey, actor } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: 'restock', key: idempotencyKey, request: { skuId, quantity, reason, actor } }, async () => {
        const [row] = await tx.query<StockRow>(
          `INSERT INTO stock (sku_id, on_hand, reserved) VALUES ($1, $2, 0)
           ON CONFLICT (sku_id) DO UPDATE SET on_hand = stock.on_hand + EXCLUDED.on_hand, updated_at = now()
           RETURNING ${STOCK_COLUMNS}`,
          [skuId, quantity],
        );
        await appendMovements(tx, [{ skuId, kind: 'restock', quantity, reason, reference: idempotencyKey, ...(actor ? { actor } : {}) }]);
        return toStock(row!);
      }),
    );
  }

  adjust(input: In<'adjust'>): Promise<Stock> {
    const { skuId, delta, reason, idempotencyKey, actor } = input;
    if (delta === 0) throw fieldRefused('ZERO_ADJUSTMENT', { path: '/delta', message: 'an adjustment of 0 changes nothing' });
    return this.db.transaction((tx) =>
      once(tx, { scope: 'adjust', key: idempotencyKey, request: { skuId, delta, reason, actor } }, async () => {
        // Conditional, like a reserve: on hand never drops below what buyers already hold (the CHECK would refuse it too).
        const [row] = await tx.query<StockRow>(
          `UPDATE stock SET on_hand = on_hand + $2, updated_at = now() WHERE sku_id = $1 AND on_hand + $2 >= reserved RETURNING ${STOCK_COLUMNS}`,
          [skuId, delta],
        );
        if (!row) throw await whyNotAdjusted(tx, skuId, delta);
        await appendMovements(tx, [
          { skuId, kind: 'adjustment', quantity: delta, reason, reference: idempotencyKey, ...(actor ? { actor } : {}) },
        ]);
        return toStock(row);
      }),
    );
  }

  async get(skuId: string): Promise<Stock> {
    const [row] = await this.db.query<StockRow>(`SELECT ${STOCK_COLUMNS} FROM stock WHERE sku_id = $1`, [skuId]);
    if (!row) throw new MallError('NOT_FOUND', `no stock of SKU ${skuId}`);
    return toStock(row);
  }

  async availability(skuIds: string[]): Promise<Out<'availability'>> {
    const rows = await this.db.query<{ sku_id: string; available: number }>(
      'SELECT sku_id, on_hand - reserved AS available FROM stock WHERE sku_id = ANY($1::uuid[])',
      [skuIds],
    );
    const known = new Map(rows.map((r) => [r.sku_id, Number(r.available)]));
    return {
      items: skuIds.map((skuId) => {
        const available = known.get(skuId.toLowerCase());
        return { skuId, available: available ?? 0, known: available !== undefined };
      }),
    };
  }

  async list(input: In<'listStock'>): Promise<Out<'listStock'>> {
    const { page = 1, pageSize = DEFAULT_PAGE_SIZE } = input;
    const [rows, [count]] = await Promise.all([
      this.db.query<StockRow>(`SELECT ${STOCK_COLUMNS} FROM stock ORDER BY sku_id LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize]),
      this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stock'),
    ]);
    return { items: rows.map(toStock), total: Number(count?.n ?? 0), page, pageSize };
  }

  async ledger(input: In<'ledger'>): Promise<Out<'ledger'>> {
    const { skuId, page = 1, pageSize = DEFAULT_PAGE_SIZE } = input;
    const [rows, [count]] = await Promise.all([
      this.db.query<LedgerRow>(
        `SELECT id, sku_id, kind, on_hand_delta, reserved_delta, reason, reference, actor, created_at
         FROM ledger WHERE sku_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
        [skuId, pageSize, (page - 1) * pageSize],
      ),
      this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger WHERE sku_id = $1', [skuId]),
    ]);
    return { entries: rows.map(toEntry), total: Number(count?.n ?? 0), page, pageSize };
  }
}

interface LedgerRow {
  id: number;
  sku_id: string;
  kind: Out<'ledger'>['entries'][number]['kind'];
  on_hand_delta: number;
  reserved_delta: number;
  reason: string;
  reference: string;
  actor: string | null;
  created_at: Date | string;
}

async function whyNotAdjusted(tx: Tx, skuId: string, delta: number): Promise<MallError> {
  const [row] = await tx.query<StockRow>(`SELECT ${STOCK_COLUMNS} FROM stock WHERE sku_id = $1`, [skuId]);
  if (!row) return new MallError('NOT_FOUND', `no stock of SKU ${skuId}; restock it first`);
  return new MallError('BELOW_RESERVED', `on hand ${row.on_hand} + ${delta} would fall below the ${row.reserved} units reserved`, {
    details: { onHand: Number(row.on_hand), reserved: Number(row.reserved) },
  });
}

function toStock(row: StockRow): Stock {
  const onHand = Number(row.on_hand);
  const reserved = Number(row.reserved);
  return { skuId: row.sku_id, onHand, reserved, available: onHand - reserved, updatedAt: new Date(row.updated_at).toISOString() };
}

function toEntry(row: LedgerRow): Out<'ledger'>['entries'][number] {
  return {
    id: Number(row.id),
    skuId: row.sku_id,
    kind: row.kind,
    onHandDelta: Number(row.on_hand_delta),
    reservedDelta: Number(row.reserved_delta),
    reason: row.reason,
    reference: row.reference,
    actor: row.actor,
    at: new Date(row.created_at).toISOString(),
  };
}
