// The idempotency records' suite: the same tests against real PostgreSQL (once.pg.test.ts) and PGlite
// (once.pglite.test.ts), on a fresh service schema each, with the table made by the kernel's migration.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MallError } from '@mall/contracts';
import type { Database, ServiceDb } from '../../src/db/index.ts';
import { migrateIdempotency, once, pruneIdempotency } from '../../src/idempotency/index.ts';
import { Fixtures } from '../db/fixtures.ts';

/** The shape identity's 001 migration gave the table before the kernel owned it. */
const IDENTITY_001_TABLE = `
  CREATE TABLE idempotency (
    scope text NOT NULL, key text NOT NULL, fingerprint text NOT NULL, result jsonb,
    created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, key));
  CREATE INDEX idempotency_by_age ON idempotency (created_at);`;

export function idempotencyConformance(name: string, open: () => Promise<Database>): void {
  describe(`idempotency records: ${name}`, () => {
    const fx = new Fixtures();
    let db: Database;
    fx.openForSuite(open, (opened) => (db = opened));

    /** A fresh schema with the kernel's table and a table the "work" writes to. */
    async function service(label: string): Promise<ServiceDb> {
      const svc = db.forService(fx.schema(label));
      await svc.migrate(await fx.migrations({ '001_parcel.sql': 'CREATE TABLE parcel (id serial PRIMARY KEY, label text NOT NULL);' }));
      await migrateIdempotency(svc);
      return svc;
    }

    /** One call as a service makes it: a transaction, the effect and its record inside. */
    function ship(svc: ServiceDb, key: string, label: string): Promise<{ id: number; label: string }> {
      return svc.transaction((tx) =>
        once(tx, { scope: 'ship', key, request: { label } }, async () => {
          const [row] = await tx.query<{ id: number }>('INSERT INTO parcel (label) VALUES ($1) RETURNING id', [label]);
          return { id: row!.id, label };
        }),
      );
    }

    const parcels = async (svc: ServiceDb): Promise<number> =>
      (await svc.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel'))[0]!.n;

    test('a replay with the same key and request answers the first result and does nothing more', async () => {
      const svc = await service('replay');
      const first = await ship(svc, 'key-1', 'books');
      assert.deepEqual(await ship(svc, 'key-1', 'books'), first);
      assert.equal(await parcels(svc), 1);
    });

    test('the same key with a different request is refused with IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
      const svc = await service('reused');
      await ship(svc, 'key-1', 'books');
      const err = await ship(svc, 'key-1', 'shoes').catch((e: unknown) => e);
      assert.ok(err instanceof MallError);
      assert.equal(err.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.equal(await parcels(svc), 1);
    });

    test('one key in two scopes is two requests', async () => {
      const svc = await service('scopes');
      await ship(svc, 'key-1', 'books');
      const other = await svc.transaction((tx) =>
        once(tx, { scope: 'return', key: 'key-1', request: { label: 'books' } }, async () => ({ returned: true })),
      );
      assert.deepEqual(other, { returned: true });
    });

    test('concurrent calls with one key do the work once and all answer its result', async () => {
      const svc = await service('concurrent');
      const answers = await Promise.all(Array.from({ length: 5 }, () => ship(svc, 'key-1', 'books')));
      assert.equal(await parcels(svc), 1);
      for (const answer of answers) assert.deepEqual(answer, answers[0]);
    });

    test('a first call that rolled back leaves the key free for the retry', async () => {
      const svc = await service('rollback');
      const failed = svc.transaction((tx) =>
        once(tx, { scope: 'ship', key: 'key-1', request: { label: 'books' } }, async () => {
          await tx.query("INSERT INTO parcel (label) VALUES ('books')");
          throw new Error('the carrier refused');
        }),
      );
      await assert.rejects(failed, /the carrier refused/);
      assert.equal((await svc.query('SELECT key FROM idempotency')).length, 0);
      const retried = await ship(svc, 'key-1', 'books');
      assert.equal(retried.label, 'books');
      assert.equal(await parcels(svc), 1);
    });

    test('prune deletes the records older than a day, batch after batch, and keeps the younger', async () => {
      const svc = await service('prune');
      // More than one batch of old records, so the prune has to go round.
      await svc.query(
        `INSERT INTO idempotency (scope, key, fingerprint, result, created_at)
         SELECT 'old', 'k' || n, 'f', '{}', now() - interval '25 hours' FROM generate_series(1, 2500) AS n`,
      );
      await ship(svc, 'young', 'books');
      assert.equal(await pruneIdempotency(svc), 2500);
      assert.deepEqual(
        (await svc.query<{ key: string }>('SELECT key FROM idempotency')).map((r) => r.key),
        ['young'],
      );
      assert.equal(await pruneIdempotency(svc), 0);
    });

    test("the kernel's migration keeps a table identity's first migration made, and once works on it", async () => {
      const svc = db.forService(fx.schema('identity_shape'));
      await svc.migrate(await fx.migrations({ '001_identity.sql': IDENTITY_001_TABLE }));
      await svc.query("INSERT INTO idempotency (scope, key, fingerprint, result) VALUES ('register', 'kept', 'f', '{}')");
      assert.deepEqual(await migrateIdempotency(svc), ['idempotency_0001_records.sql']);
      assert.deepEqual(await migrateIdempotency(svc), []);
      const answer = await svc.transaction((tx) => once(tx, { scope: 'register', key: 'new', request: {} }, async () => ({ ok: true })));
      assert.deepEqual(answer, { ok: true });
      assert.equal((await svc.query('SELECT key FROM idempotency')).length, 2);
    });
  });
}
