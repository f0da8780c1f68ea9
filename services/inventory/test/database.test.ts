// What the database itself guarantees, whatever the code above it does: reserved stays within 0 and on hand, the
// ledger is append-only, and `npm run audit:stock` finds a SKU whose stock was changed behind the ledger's back.
// Runs on a scratch PostgreSQL database of its own, so its deliberate damage never reaches the shared test schema.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Database, type ServiceDb } from '@mall/platform/db';
import { createScratchDatabase, type ScratchDatabase } from '@mall/platform/testkit';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli/audit-stock.ts', import.meta.url));
const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

/** A scratch database with inventory's migrations applied, dropped at the end of the suite. */
function scratchDatabase(): { readonly url: string; readonly db: ServiceDb } {
  const state: { scratch?: ScratchDatabase; database?: Database } = {};
  before(async () => {
    state.scratch = await createScratchDatabase('inventory_scratch');
    state.database = await openDatabase({ driver: 'pg', url: state.scratch.url, poolSize: 2 });
    await state.database.forService('inventory').migrate(migrations);
  });
  after(async () => {
    await state.database?.close();
    await state.scratch?.drop();
  });
  return {
    get url(): string {
      if (!state.scratch) throw new Error('the scratch database is not made yet');
      return state.scratch.url;
    },
    get db(): ServiceDb {
      if (!state.database) throw new Error('the scratch database is not made yet');
      return state.database.forService('inventory');
    },
  };
}

async function stocked(db: ServiceDb, onHand: number, reserved = 0): Promise<string> {
  const skuId = randomUUID();
  await db.query('INSERT INTO stock (sku_id, on_hand, reserved) VALUES ($1, $2, $3)', [skuId, onHand, reserved]);
  return skuId;
}

describe('the inventory database', () => {
  const scratch = scratchDatabase();

  test('reserved above on hand is refused by a CHECK even when a statement skips the conditional update', async () => {
    const skuId = await stocked(scratch.db, 5);
    await assert.rejects(scratch.db.query('UPDATE stock SET reserved = 6 WHERE sku_id = $1', [skuId]), /stock_reserved_within_on_hand/);
    await assert.rejects(
      scratch.db.query('UPDATE stock SET on_hand = 4, reserved = 5 WHERE sku_id = $1', [skuId]),
      /stock_reserved_within_on_hand/,
    );
  });

  test('reserved below zero is refused by a CHECK', async () => {
    const skuId = await stocked(scratch.db, 5);
    await assert.rejects(scratch.db.query('UPDATE stock SET reserved = -1 WHERE sku_id = $1', [skuId]), /stock_reserved_not_negative/);
  });

  test('a ledger row can be neither changed nor deleted', async () => {
    const skuId = randomUUID();
    await scratch.db.query(
      `INSERT INTO ledger (sku_id, kind, on_hand_delta, reserved_delta, reason, reference) VALUES ($1, 'restock', 3, 0, 'delivery', 'k')`,
      [skuId],
    );
    await assert.rejects(scratch.db.query('UPDATE ledger SET on_hand_delta = 30 WHERE sku_id = $1', [skuId]), /append-only/);
    await assert.rejects(scratch.db.query('DELETE FROM ledger WHERE sku_id = $1', [skuId]), /append-only/);
  });
});

describe('npm run audit:stock', () => {
  const scratch = scratchDatabase();
  const audit = () =>
    run(process.execPath, ['--import', 'tsx', cli], { env: { ...process.env, MALL_POSTGRES_URL: scratch.url, MALL_LOG_LEVEL: 'silent' } });

  test('exits 0 on sound stock and 1 naming a SKU whose stock was changed behind the ledger', async () => {
    const sound = randomUUID();
    await scratch.db.query('INSERT INTO stock (sku_id, on_hand, reserved) VALUES ($1, 3, 0)', [sound]);
    await scratch.db.query(
      `INSERT INTO ledger (sku_id, kind, on_hand_delta, reserved_delta, reason, reference) VALUES ($1, 'restock', 3, 0, 'delivery', 'k')`,
      [sound],
    );
    assert.match((await audit()).stdout, /^0 of 1 SKUs disagree/m);
    const tampered = await stocked(scratch.db, 7);
    const failed = await audit().then(
      () => assert.fail('the audit passed a SKU without ledger rows'),
      (err: { code: number; stdout: string }) => err,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, new RegExp(`^${tampered}\\s+on hand 7 \\(ledger 0\\)`, 'm'));
    assert.match(failed.stdout, /^1 of 2 SKUs disagree/m);
  });
});
