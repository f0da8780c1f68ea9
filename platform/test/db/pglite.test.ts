// The db port on PGlite in memory: the shared conformance suite plus what only a single-connection
// embedded database needs (transactions queue, and waiting on oneself is refused, not hung).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, PgliteBusyError, type Database } from '../../src/db/index.ts';
import { dbConformance } from './conformance.ts';
import { Fixtures, pause } from './fixtures.ts';

const open = () => openDatabase({ driver: 'pglite', extensions: ['pg_trgm'] });

dbConformance('pglite (in memory)', open, { sharedStorage: false });

describe('pglite: one connection shared by every service', () => {
  const fx = new Fixtures();
  let db: Database;
  fx.openForSuite(open, (opened) => (db = opened));

  test("the embedded database runs with 16 MB of shared buffers, and PGlite's own parameters still hold", async () => {
    const svc = db.forService(fx.schema('settings'));
    const [row] = await svc.query<{ buffers: string; workers: string }>(
      "SELECT current_setting('shared_buffers') AS buffers, current_setting('max_worker_processes') AS workers",
    );
    assert.deepEqual(row, { buffers: '16MB', workers: '0' });
  });

  test('concurrent transactions run one after another without interleaving statements', async () => {
    const a = db.forService(fx.schema('queue_a'));
    const b = db.forService(fx.schema('queue_b'));
    const dir = await fx.migrations({ '001.sql': 'CREATE TABLE step (seq serial PRIMARY KEY, tx int NOT NULL, what text NOT NULL);' });
    await a.migrate(dir);
    await b.migrate(dir);
    const steps: string[] = [];
    const work = (svc: typeof a, n: number) =>
      svc.transaction(async (tx) => {
        steps.push(`${n} begin`);
        await tx.query("INSERT INTO step (tx, what) VALUES ($1, 'begin')", [n]);
        await pause(3);
        await tx.query("INSERT INTO step (tx, what) VALUES ($1, 'end')", [n]);
        steps.push(`${n} end`);
      });
    await Promise.all([0, 1, 2, 3, 4, 5].map((n) => work(n % 2 ? b : a, n)));
    for (let i = 0; i < steps.length; i += 2) {
      assert.equal(steps[i]?.replace('begin', 'end'), steps[i + 1], `steps interleaved: ${steps.join(', ')}`);
    }
    const rows = await a.query<{ tx: number; what: string }>('SELECT tx, what FROM step ORDER BY seq');
    for (let i = 0; i < rows.length; i += 2) assert.equal(rows[i]?.tx, rows[i + 1]?.tx);
  });

  test('a statement that would wait for the open transaction is refused instead of hanging', async () => {
    const svc = db.forService(fx.schema('busy'));
    const other = db.forService(fx.schema('busy_other'));
    await svc.transaction(async (tx) => {
      await assert.rejects(svc.query('SELECT 1'), PgliteBusyError);
      await assert.rejects(other.query('SELECT 1'), PgliteBusyError);
      await assert.rejects(
        svc.transaction(async () => 1),
        PgliteBusyError,
      );
      // Drizzle wraps driver errors in a DrizzleQueryError whose cause is the original.
      await assert.rejects(svc.orm.execute('SELECT 1'), (err: Error) => err.cause instanceof PgliteBusyError);
      assert.deepEqual(await tx.query('SELECT 1 AS one'), [{ one: 1 }]);
    });
    // Work started from inside the transaction but run after it is fine.
    const later = await svc.transaction(async () => new Promise<unknown>((resolve) => setImmediate(() => resolve(null))));
    assert.equal(later, null);
    assert.deepEqual(await svc.query('SELECT 2 AS two'), [{ two: 2 }]);
  });
});
