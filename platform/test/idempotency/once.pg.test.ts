// Idempotency records on real PostgreSQL (MALL_POSTGRES_URL): the shared suite, plus what only a server with
// many connections shows — a second call really waiting on the first one's row, then replaying or taking over.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPostgresUrl, openDatabase, type Database, type ServiceDb, type Tx } from '../../src/db/index.ts';
import { migrateIdempotency, once } from '../../src/idempotency/index.ts';
import { Fixtures } from '../db/fixtures.ts';
import { idempotencyConformance } from './conformance.ts';

const url = process.env.MALL_POSTGRES_URL || defaultPostgresUrl;
const open = () => openDatabase({ driver: 'pg', url, poolSize: 4 });

idempotencyConformance('pg (PostgreSQL)', open);

describe('idempotency records: a second call waits on the first one', () => {
  const fx = new Fixtures();
  let db: Database;
  fx.openForSuite(open, (opened) => (db = opened));

  async function service(label: string): Promise<ServiceDb> {
    const svc = db.forService(fx.schema(label));
    await migrateIdempotency(svc);
    return svc;
  }

  /** Resolves once some session is blocked by the backend `pid` (polling pg_blocking_pids, no sleep guessed). */
  async function blockedBy(svc: ServiceDb, pid: number): Promise<void> {
    for (;;) {
      const [row] = await svc.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
        [pid],
      );
      if ((row?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The first call: claims the key, then lets `finish` decide when (and whether) its transaction commits. */
  function firstCall(svc: ServiceDb, finish: (pid: number) => Promise<void>): Promise<string> {
    return svc.transaction(async (tx: Tx) => {
      const [me] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return once(tx, { scope: 's', key: 'k', request: 1 }, async () => {
        await finish(me!.pid);
        return 'first';
      });
    });
  }

  test('a call that waited for a committed first call replays its answer', async () => {
    const svc = await service('wait_commit');
    let secondWork = 0;
    let second: Promise<string> | undefined;
    const first = firstCall(svc, async (pid) => {
      second = svc.transaction((tx) => once(tx, { scope: 's', key: 'k', request: 1 }, async () => `second ${++secondWork}`));
      await blockedBy(svc, pid);
    });
    assert.equal(await first, 'first');
    assert.equal(await second, 'first');
    assert.equal(secondWork, 0);
  });

  test('a call that waited for a first call that rolled back does the work itself', async () => {
    const svc = await service('wait_rollback');
    let second: Promise<string> | undefined;
    const first = firstCall(svc, async (pid) => {
      second = svc.transaction((tx) => once(tx, { scope: 's', key: 'k', request: 1 }, async () => 'second'));
      await blockedBy(svc, pid);
      throw new Error('the first call failed');
    });
    await assert.rejects(first, /the first call failed/);
    assert.equal(await second, 'second');
    assert.deepEqual(await svc.query('SELECT result FROM idempotency'), [{ result: 'second' }]);
  });
});
