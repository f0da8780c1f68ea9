// Stock movements, without I/O: what each kind of movement does to on hand and reserved. The ledger records
// exactly these deltas, so summing a SKU's ledger must give its stock row back (the audit's invariant).

export type MovementKind = 'restock' | 'adjustment' | 'reserve' | 'release' | 'commit' | 'expiry' | 'allocate' | 'deallocate';

export interface StockDeltas {
  onHandDelta: number;
  reservedDelta: number;
}

/** `quantity` is positive for every kind but an adjustment, whose sign says which way on hand moves. */
export function deltasOf(kind: MovementKind, quantity: number): StockDeltas {
  switch (kind) {
    // A deallocate is a flash sale's allocation going back to on hand: unsold at its close, or into an order's reservation.
    case 'restock':
    case 'adjustment':
    case 'deallocate':
      return { onHandDelta: quantity, reservedDelta: 0 };
    // Set aside for a flash sale: out of on hand, so no general reservation can take it.
    case 'allocate':
      return { onHandDelta: -quantity, reservedDelta: 0 };
    case 'reserve':
      return { onHandDelta: 0, reservedDelta: quantity };
    case 'release':
    case 'expiry':
      return { onHandDelta: 0, reservedDelta: -quantity };
    // Goods leave the warehouse: they stop being reserved and stop being on hand, in one movement.
    case 'commit':
      return { onHandDelta: -quantity, reservedDelta: -quantity };
  }
}

/** The movement a reservation's move to `to` makes on each of its lines. */
export function movementOfTransition(to: 'confirmed' | 'cancelled' | 'expired'): MovementKind {
  return to === 'confirmed' ? 'commit' : to === 'cancelled' ? 'release' : 'expiry';
}
