// Writing the ledger: every movement of stock, appended in the transaction that moves it, with the deltas
// the domain gives for its kind. The table refuses updates and deletes (migrations/001).
import type { Tx } from '@mall/platform/db';
import { deltasOf, type MovementKind } from './domain/movements.ts';

export interface Movement {
  skuId: string;
  kind: MovementKind;
  /** Positive, except an adjustment's signed delta. */
  quantity: number;
  reason: string;
  /** The reservation ref, or the idempotency key of a restock or adjustment. */
  reference: string;
}

const COLUMNS = 6;

/** One multi-row INSERT for all of a transaction's movements. */
export async function appendMovements(tx: Tx, movements: readonly Movement[]): Promise<void> {
  if (movements.length === 0) return;
  const params: unknown[] = [];
  const rows = movements.map((m, i) => {
    const { onHandDelta, reservedDelta } = deltasOf(m.kind, m.quantity);
    params.push(m.skuId, m.kind, onHandDelta, reservedDelta, m.reason, m.reference);
    return `(${Array.from({ length: COLUMNS }, (_, c) => `$${i * COLUMNS + c + 1}`).join(', ')})`;
  });
  await tx.query(`INSERT INTO ledger (sku_id, kind, on_hand_delta, reserved_delta, reason, reference) VALUES ${rows.join(', ')}`, params);
}

/** Moves one SKU's stock row by a movement's deltas (the reserve, which is conditional, has its own statement). */
export async function moveStock(tx: Tx, movement: Pick<Movement, 'skuId' | 'kind' | 'quantity'>): Promise<void> {
  const { onHandDelta, reservedDelta } = deltasOf(movement.kind, movement.quantity);
  await tx.query('UPDATE stock SET on_hand = on_hand + $2, reserved = reserved + $3, updated_at = now() WHERE sku_id = $1', [
    movement.skuId,
    onHandDelta,
    reservedDelta,
  ]);
}
