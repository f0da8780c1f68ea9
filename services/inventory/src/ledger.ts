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
  /** Who asked, for a back-office movement. */
  actor?: string;
}

/** One INSERT for all of a transaction's movements, its text the same whatever their number (arrays, unnested). */
export async function appendMovements(tx: Tx, movements: readonly Movement[]): Promise<void> {
  if (movements.length === 0) return;
  const deltas = movements.map((m) => deltasOf(m.kind, m.quantity));
  await tx.query(
    `INSERT INTO ledger (sku_id, kind, on_hand_delta, reserved_delta, reason, reference, actor)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::uuid[])`,
    [
      movements.map((m) => m.skuId),
      movements.map((m) => m.kind),
      deltas.map((d) => d.onHandDelta),
      deltas.map((d) => d.reservedDelta),
      movements.map((m) => m.reason),
      movements.map((m) => m.reference),
      movements.map((m) => m.actor ?? null),
    ],
  );
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
