// npm run audit:stock: the stock audit from a shell, against the inventory schema of the PostgreSQL the cluster
// uses (MALL_POSTGRES_URL, read as the services read it). Prints every SKU that disagrees; exit 1 when any does.
// The all-in-one mode's embedded database belongs to its running process: audit it through GET /api/admin/inventory/audit.
import { openDatabase } from '@mall/platform/db';
import { readSettings } from '@mall/platform/runtime';
import { auditStock } from '../audit.ts';
import inventory from '../service.ts';

async function main(): Promise<number> {
  const { postgresUrl } = readSettings();
  const database = await openDatabase({ driver: 'pg', url: postgresUrl, poolSize: 1 });
  try {
    const report = await auditStock(database.forService(inventory.name));
    for (const f of report.findings) {
      process.stdout.write(
        `${f.skuId}  on hand ${f.onHand} (ledger ${f.ledgerOnHand})  reserved ${f.reserved} (ledger ${f.ledgerReserved}, held ${f.heldReserved})\n`,
      );
    }
    const more = report.truncated ? ' (and more not listed)' : '';
    process.stdout.write(`${report.findings.length} of ${report.checkedSkus} SKUs disagree with the ledger${more}\n`);
    return report.findings.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:stock failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
