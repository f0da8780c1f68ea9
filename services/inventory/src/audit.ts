// The stock audit: every SKU recomputed from the ledger and from its held reservations, in one snapshot, and
// the SKUs that disagree listed. The back-office route, the CLI (npm run audit:stock) and the tests share it.
import type { MethodOutput } from '@mall/contracts';
import { MAX_AUDIT_FINDINGS, type InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import { disagrees, type SkuTotals } from './domain/audit.ts';

type AuditReport = MethodOutput<typeof InventoryContract, 'audit'>;

/** Every SKU known to the stock table, the ledger or a reservation line; sums are cast back from numeric. */
const TOTALS = `
  WITH l AS (
    SELECT sku_id, sum(on_hand_delta)::bigint AS on_hand, sum(reserved_delta)::bigint AS reserved FROM ledger GROUP BY sku_id
  ), h AS (
    SELECT rl.sku_id, sum(rl.quantity)::bigint AS held
    FROM reservation_lines rl JOIN reservations r ON r.ref = rl.ref WHERE r.status = 'held' GROUP BY rl.sku_id
  ), skus AS (
    SELECT sku_id FROM stock UNION SELECT sku_id FROM l UNION SELECT sku_id FROM h
  )
  SELECT skus.sku_id, coalesce(s.on_hand, 0) AS on_hand, coalesce(s.reserved, 0) AS reserved,
         coalesce(l.on_hand, 0) AS ledger_on_hand, coalesce(l.reserved, 0) AS ledger_reserved, coalesce(h.held, 0) AS held
  FROM skus LEFT JOIN stock s ON s.sku_id = skus.sku_id LEFT JOIN l ON l.sku_id = skus.sku_id LEFT JOIN h ON h.sku_id = skus.sku_id
  ORDER BY skus.sku_id`;

interface TotalsRow {
  sku_id: string;
  on_hand: number;
  reserved: number;
  ledger_on_hand: number;
  ledger_reserved: number;
  held: number;
}

export async function auditStock(db: ServiceDb): Promise<AuditReport> {
  // Repeatable read: the stock rows, the ledger and the reservations are read as of one instant, so a movement
  // committing during the audit is seen everywhere or nowhere.
  const rows = await db.transaction((tx) => tx.query<TotalsRow>(TOTALS), { isolation: 'repeatable read' });
  const findings = rows.map(toTotals).filter(disagrees);
  return { checkedSkus: rows.length, findings: findings.slice(0, MAX_AUDIT_FINDINGS), truncated: findings.length > MAX_AUDIT_FINDINGS };
}

function toTotals(r: TotalsRow): SkuTotals {
  return {
    skuId: r.sku_id,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    ledgerOnHand: Number(r.ledger_on_hand),
    ledgerReserved: Number(r.ledger_reserved),
    heldReserved: Number(r.held),
  };
}
