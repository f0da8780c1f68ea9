// Flash-sale allocations: units set aside out of on hand under a ref (allocate), moved into a seckill order's
// reservation one order at a time (takeFromAllocation, inside the reserve's transaction), and what the sale did not
// sell given back once (release). Every move writes its ledger row in the transaction that makes it.
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { ReservationLine } from './domain/reservations.ts';
import { appendMovements, moveStock } from './ledger.ts';

type Allocation = MethodOutput<typeof InventoryContract, 'getAllocation'>;

interface AllocationRow {
  ref: string;
  sku_id: string;
  quantity: number | string;
  taken: number | string;
  released: number | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'ref, sku_id, quantity, taken, released, created_at, updated_at';

export class Allocations {
  constructor(private readonly db: ServiceDb) {}

  allocate({ ref, skuId, quantity }: MethodInput<typeof InventoryContract, 'allocate'>): Promise<Allocation> {
    return this.db.transaction(async (tx) => {
      const [created] = await tx.query<AllocationRow>(
        `INSERT INTO allocations (ref, sku_id, quantity) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [ref, skuId, quantity],
      );
      if (!created) {
        const existing = await lock(tx, ref);
        if (existing.sku_id !== skuId || Number(existing.quantity) !== quantity)
          throw new MallError('ALLOCATION_MISMATCH', `allocation ${ref} exists with another SKU or quantity`);
        return toAllocation(existing);
      }
      const taken = await tx.query(
        'UPDATE stock SET on_hand = on_hand - $2, updated_at = now() WHERE sku_id = $1 AND on_hand - reserved >= $2 RETURNING sku_id',
        [skuId, quantity],
      );
      if (taken.length === 0) {
        const [row] = await tx.query<{ available: number }>('SELECT on_hand - reserved AS available FROM stock WHERE sku_id = $1', [skuId]);
        throw new MallError('INSUFFICIENT_STOCK', `not enough stock of ${skuId} to set ${quantity} aside`, {
          details: { shortages: [{ skuId, requested: quantity, available: Number(row?.available ?? 0) }] },
        });
      }
      await appendMovements(tx, [{ skuId, kind: 'allocate', quantity, reason: 'set aside for a flash sale', reference: ref }]);
      return toAllocation(created);
    });
  }

  release({ ref, quantity }: MethodInput<typeof InventoryContract, 'releaseAllocation'>): Promise<Allocation> {
    return this.db.transaction(async (tx) => {
      const row = await lock(tx, ref);
      if (row.released !== null) {
        if (Number(row.released) !== quantity)
          throw new MallError('ALLOCATION_MISMATCH', `allocation ${ref} was released with ${row.released} units`);
        return toAllocation(row);
      }
      if (Number(row.taken) + quantity > Number(row.quantity))
        throw new MallError('INSUFFICIENT_STOCK', `allocation ${ref} holds ${Number(row.quantity) - Number(row.taken)} units`);
      const [released] = await tx.query<AllocationRow>(
        `UPDATE allocations SET released = $2, updated_at = now() WHERE ref = $1 RETURNING ${COLUMNS}`,
        [ref, quantity],
      );
      if (quantity > 0) {
        const movement = { skuId: row.sku_id, kind: 'deallocate' as const, quantity };
        await appendMovements(tx, [{ ...movement, reason: 'unsold at the close of a flash sale', reference: ref }]);
        await moveStock(tx, movement);
      }
      return toAllocation(released!);
    });
  }

  async get(ref: string): Promise<Allocation> {
    const [row] = await this.db.query<AllocationRow>(`SELECT ${COLUMNS} FROM allocations WHERE ref = $1`, [ref]);
    if (!row) throw new MallError('NOT_FOUND', `no allocation ${ref}`);
    return toAllocation(row);
  }
}

/**
 * Inside a reserve's transaction: the reservation's one line comes out of the allocation back to on hand (a
 * `deallocate` movement), so the reserve that follows holds it like any other and confirm, cancel and expiry need
 * nothing special. The allocation's CHECK refuses more than it holds, whatever runs at the same time.
 */
export async function takeFromAllocation(tx: Tx, ref: string, lines: readonly ReservationLine[], reservationRef: string): Promise<void> {
  const row = await lock(tx, ref);
  const [line] = lines;
  if (lines.length !== 1 || !line || line.skuId !== row.sku_id)
    throw new MallError('ALLOCATION_MISMATCH', `a reservation from allocation ${ref} holds one line, of SKU ${row.sku_id}`);
  const left = Number(row.quantity) - Number(row.taken) - Number(row.released ?? 0);
  if (left < line.quantity)
    throw new MallError('INSUFFICIENT_STOCK', `allocation ${ref} has ${left} units left`, {
      details: { shortages: [{ skuId: line.skuId, requested: line.quantity, available: left }] },
    });
  await tx.query('UPDATE allocations SET taken = taken + $2, updated_at = now() WHERE ref = $1', [ref, line.quantity]);
  const movement = { skuId: line.skuId, kind: 'deallocate' as const, quantity: line.quantity };
  await appendMovements(tx, [{ ...movement, reason: `to a flash-sale order's reservation ${reservationRef}`, reference: ref }]);
  await moveStock(tx, movement);
}

async function lock(tx: Tx, ref: string): Promise<AllocationRow> {
  const [row] = await tx.query<AllocationRow>(`SELECT ${COLUMNS} FROM allocations WHERE ref = $1 FOR UPDATE`, [ref]);
  if (!row) throw new MallError('NOT_FOUND', `no allocation ${ref}`);
  return row;
}

function toAllocation(row: AllocationRow): Allocation {
  return {
    ref: row.ref,
    skuId: row.sku_id,
    quantity: Number(row.quantity),
    taken: Number(row.taken),
    released: row.released === null ? null : Number(row.released),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
