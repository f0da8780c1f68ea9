// The conservation audit, without I/O: a SKU is sound when its stock row equals the sum of its ledger and its
// reserved units equal the units its held reservations hold. Anything else is a bug or tampering to look at.

export interface SkuTotals {
  skuId: string;
  onHand: number;
  reserved: number;
  ledgerOnHand: number;
  ledgerReserved: number;
  heldReserved: number;
}

export function disagrees(t: SkuTotals): boolean {
  return t.onHand !== t.ledgerOnHand || t.reserved !== t.ledgerReserved || t.reserved !== t.heldReserved;
}
