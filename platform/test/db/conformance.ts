// The conformance suite of the SQL port: the same tests run against real PostgreSQL (pg.test.ts)
// and PGlite in memory (pglite.test.ts); both adapters must behave identically on all of them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bigint, pgSchema, text } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { MigrationError, TransactionAbortedError, type Database, type Isolation, type ServiceDb } from '../../src/db/index.ts';
import { Fixtures, pause, sqlError, writeMigrations } from './fixtures.ts';

export interface ConformanceOptions {
  /** Two open() calls reach the same data (a server); false for in-memory PGlite. */
  sharedStorage: boolean;
}

const itemTable = {
  '001_item.sql': 'CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);',
  '002_seed.sql': "INSERT INTO item (id, name) VALUES (1, 'seed');",
};

export function dbConformance(name: string, open: () => Promise<Database>, options: ConformanceOptions): void {
  describe(`db conformance: ${name}`, () => {
    const fx = new Fixtures();
    let db: Database;
    fx.openForSuite(open, (opened) => (db = opened));

    /** A fresh schema with the item table migrated into it. */
    async function serviceWithItems(label: string): Promise<ServiceDb> {
      const svc = db.forService(fx.schema(label));
      await svc.migrate(await fx.migrations(itemTable));
      return svc;
    }

    async function itemNames(svc: ServiceDb): Promise<string[]> {
      const rows = await svc.query<{ name: string }>('SELECT name FROM item ORDER BY id');
      return rows.map((r) => r.name);
    }

    test('ping answers on an open database', async () => {
      await db.ping();
    });

    test('schema names that are not lower-case SQL identifiers are refused', () => {
      for (const bad of ['Order', 'a-b', '1abc', 'x;drop table y', '', 'pg_catalog', 'a'.repeat(64), 'naïve']) {
        assert.throws(() => db.forService(bad), TypeError, bad);
      }
      assert.equal(db.forService('order').schema, 'order');
    });

    test('the same schema gives the same ServiceDb', () => {
      const schema = fx.schema('same');
      assert.equal(db.forService(schema), db.forService(schema));
    });

    test('migrate applies each file once in name order and a re-run applies nothing', async () => {
      const svc = db.forService(fx.schema('mig'));
      const dir = await fx.migrations({
        ...itemTable,
        '010_column.sql': 'ALTER TABLE item ADD COLUMN note text;',
        'README.md': 'not a migration',
      });
      const first = await svc.migrate(dir);
      assert.deepEqual(first.applied, ['001_item.sql', '002_seed.sql', '010_column.sql']);
      assert.deepEqual(await svc.migrate(dir), { applied: [] });
      assert.deepEqual(await itemNames(svc), ['seed']);
      const ledger = await svc.query<{ name: string; checksum: string; applied_at: Date }>(
        'SELECT name, checksum, applied_at FROM _migrations ORDER BY name',
      );
      assert.deepEqual(
        ledger.map((r) => r.name),
        first.applied,
      );
      for (const row of ledger) {
        assert.match(row.checksum, /^[0-9a-f]{64}$/);
        assert.ok(row.applied_at instanceof Date);
      }
    });

    test('an applied migration whose file changed is refused and nothing newer is applied', async () => {
      const svc = db.forService(fx.schema('chk'));
      const dir = await fx.migrations({ '001_item.sql': itemTable['001_item.sql'] });
      await svc.migrate(dir);
      await writeMigrations(dir, {
        '001_item.sql': 'CREATE TABLE item (id bigint PRIMARY KEY);',
        '002_seed.sql': itemTable['002_seed.sql'],
      });
      await assert.rejects(svc.migrate(dir), (err: unknown) => {
        assert.ok(err instanceof MigrationError);
        assert.equal(err.file, '001_item.sql');
        assert.match(err.message, /changed/);
        return true;
      });
      assert.deepEqual(await itemNames(svc), []);
    });

    test('line endings do not count as a change of an applied migration', async () => {
      const svc = db.forService(fx.schema('crlf'));
      const dir = await fx.migrations({ '001_item.sql': 'CREATE TABLE item (id int);\nCREATE INDEX ON item (id);\n' });
      await svc.migrate(dir);
      await writeMigrations(dir, { '001_item.sql': 'CREATE TABLE item (id int);\r\nCREATE INDEX ON item (id);\r\n' });
      assert.deepEqual(await svc.migrate(dir), { applied: [] });
    });

    test('a failing migration is rolled back and unrecorded while earlier files stay applied', async () => {
      const svc = db.forService(fx.schema('fail'));
      const dir = await fx.migrations({
        '001_item.sql': itemTable['001_item.sql'],
        '002_broken.sql': 'CREATE TABLE half (id int); SELECT 1 / 0;',
        '003_seed.sql': itemTable['002_seed.sql'],
      });
      await assert.rejects(svc.migrate(dir), (err: unknown) => {
        assert.ok(err instanceof MigrationError);
        assert.equal(err.file, '002_broken.sql');
        assert.match(err.message, /division by zero/);
        return true;
      });
      const tables = await svc.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [svc.schema],
      );
      assert.deepEqual(
        tables.map((t) => t.table_name),
        ['_migrations', 'item'],
      );
      assert.deepEqual(await itemNames(svc), []);
      // A file that never applied may still be fixed in place.
      await writeMigrations(dir, { '002_broken.sql': 'CREATE TABLE half (id int);' });
      assert.deepEqual((await svc.migrate(dir)).applied, ['002_broken.sql', '003_seed.sql']);
    });

    test('concurrent migrate() calls apply each file exactly once', async () => {
      const schema = fx.schema('race');
      const files: Record<string, string> = { '000_log.sql': 'CREATE TABLE log (file text NOT NULL);' };
      // No primary key on purpose: a file applied twice would show as a duplicate row.
      for (let i = 1; i <= 8; i++) files[`00${i}_step.sql`] = `INSERT INTO log (file) VALUES ('00${i}');`;
      const dir = await fx.migrations(files);
      const other = options.sharedStorage ? await open() : db;
      try {
        const results = await Promise.all([db.forService(schema).migrate(dir), other.forService(schema).migrate(dir)]);
        const applied = results.flatMap((r) => r.applied).sort();
        assert.deepEqual(applied, Object.keys(files).sort());
      } finally {
        if (other !== db) await other.close();
      }
      const log = await db.forService(schema).query<{ n: number }>('SELECT count(*) AS n FROM log');
      assert.equal(log[0]?.n, 8);
    });

    test('two schemas are isolated: unqualified names resolve to the service own schema', async () => {
      const a = await serviceWithItems('iso_a');
      const b = await serviceWithItems('iso_b');
      await a.query("INSERT INTO item (id, name) VALUES (2, 'only in a')");
      await b.transaction((tx) => tx.query("INSERT INTO item (id, name) VALUES (2, 'only in b')"));
      assert.deepEqual(await itemNames(a), ['seed', 'only in a']);
      assert.deepEqual(await itemNames(b), ['seed', 'only in b']);
      const [row] = await a.query<{ s: string }>('SELECT current_schema() AS s');
      assert.equal(row?.s, a.schema);
    });

    test('a transaction commits all its writes together and returns the function result', async () => {
      const svc = await serviceWithItems('commit');
      const result = await svc.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [2, 'two']);
        await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [3, 'three']);
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(await itemNames(svc), ['seed', 'two', 'three']);
    });

    test('an error thrown inside a transaction rolls back its writes and is rethrown as is', async () => {
      const svc = await serviceWithItems('rollback');
      const boom = new Error('boom');
      await assert.rejects(
        svc.transaction(async (tx) => {
          await tx.query("INSERT INTO item (id, name) VALUES (2, 'lost')");
          await tx.query("UPDATE item SET name = 'changed' WHERE id = 1");
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.deepEqual(await itemNames(svc), ['seed']);
    });

    test('a failed statement aborts the transaction even when the caller caught its error', async () => {
      const svc = await serviceWithItems('aborted');
      await assert.rejects(
        svc.transaction(async (tx) => {
          await tx.query("INSERT INTO item (id, name) VALUES (2, 'lost')");
          await assert.rejects(tx.query("INSERT INTO item (id, name) VALUES (1, 'duplicate')"), { code: '23505' });
        }),
        TransactionAbortedError,
      );
      assert.deepEqual(await itemNames(svc), ['seed']);
    });

    test('Tx.query sees the transaction own uncommitted writes', async () => {
      const svc = await serviceWithItems('own');
      const seen = await svc.transaction(async (tx) => {
        await tx.query("INSERT INTO item (id, name) VALUES (2, 'mine')");
        return tx.query<{ name: string }>('SELECT name FROM item WHERE id = 2');
      });
      assert.deepEqual(seen, [{ name: 'mine' }]);
    });

    test('Drizzle pgSchema tables insert and select inside a transaction and roll back with it', async () => {
      const svc = db.forService(fx.schema('orm'));
      await svc.migrate(
        await fx.migrations({
          '001_product.sql': 'CREATE TABLE product (sku text PRIMARY KEY, name text NOT NULL, price_minor bigint NOT NULL);',
        }),
      );
      const product = pgSchema(svc.schema).table('product', {
        sku: text('sku').primaryKey(),
        name: text('name').notNull(),
        priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
      });
      const inside = await svc.transaction(async (tx) => {
        await tx.orm.insert(product).values({ sku: 'A-1', name: 'Headphones', priceMinor: 1_999_900 });
        return tx.orm.select().from(product).where(eq(product.sku, 'A-1'));
      });
      assert.deepEqual(inside, [{ sku: 'A-1', name: 'Headphones', priceMinor: 1_999_900 }]);
      await assert.rejects(
        svc.transaction(async (tx) => {
          await tx.orm.update(product).set({ priceMinor: 1 }).where(eq(product.sku, 'A-1'));
          await tx.orm.insert(product).values({ sku: 'B-2', name: 'Cable', priceMinor: 500 });
          throw new Error('abandon');
        }),
        /abandon/,
      );
      assert.deepEqual(await svc.orm.select({ sku: product.sku, price: product.priceMinor }).from(product), [
        { sku: 'A-1', price: 1_999_900 },
      ]);
    });

    test('Drizzle transactions and savepoints through the ORM commit and roll back', async () => {
      const svc = await serviceWithItems('ormtx');
      const item = pgSchema(svc.schema).table('item', { id: bigint('id', { mode: 'number' }).primaryKey(), name: text('name') });
      await svc.orm.transaction(async (otx) => {
        await otx.insert(item).values({ id: 2, name: 'kept' });
        await assert.rejects(
          otx.transaction(async (inner) => {
            await inner.insert(item).values({ id: 3, name: 'undone by the savepoint' });
            throw new Error('inner');
          }),
          /inner/,
        );
      });
      await svc.transaction(async (tx) => {
        await tx.orm.transaction(async (inner) => {
          await inner.insert(item).values({ id: 4, name: 'nested kept' });
        });
      });
      assert.deepEqual(await itemNames(svc), ['seed', 'kept', 'nested kept']);
    });

    test('the requested isolation level is in force inside the transaction', async () => {
      const svc = db.forService(fx.schema('isolation'));
      for (const isolation of ['read committed', 'repeatable read', 'serializable'] satisfies Isolation[]) {
        const rows = await svc.transaction(
          (tx) => tx.query<{ level: string }>("SELECT current_setting('transaction_isolation') AS level"),
          { isolation },
        );
        assert.deepEqual(rows, [{ level: isolation }]);
      }
    });

    test('invalid transaction options are refused before anything runs', async () => {
      const svc = db.forService(fx.schema('badopts'));
      let ran = false;
      const fn = async () => {
        ran = true;
      };
      await assert.rejects(svc.transaction(fn, { isolation: 'chaos' as Isolation }), TypeError);
      await assert.rejects(svc.transaction(fn, { retries: -1 }), TypeError);
      assert.equal(ran, false);
    });

    test('a transaction failing on serialization or deadlock is re-run up to `retries` times', async () => {
      const svc = await serviceWithItems('retry');
      let calls = 0;
      const flaky = (failures: string[]) => async (tx: { query: ServiceDb['query'] }) => {
        calls++;
        await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [100, `attempt ${calls}`]);
        const code = failures[calls - 1];
        if (code) throw sqlError(code);
        return calls;
      };
      assert.equal(await svc.transaction(flaky(['40001', '40P01']), { retries: 2 }), 3);
      // Failed attempts were rolled back: only the last attempt's row exists.
      assert.deepEqual(await itemNames(svc), ['seed', 'attempt 3']);

      calls = 0;
      await svc.query('DELETE FROM item WHERE id = 100');
      await assert.rejects(svc.transaction(flaky(['40001', '40001']), { retries: 1 }), { code: '40001' });
      assert.equal(calls, 2);
      calls = 0;
      await assert.rejects(svc.transaction(flaky(['23505']), { retries: 5 }), { code: '23505' });
      assert.equal(calls, 1);
      calls = 0;
      await assert.rejects(svc.transaction(flaky(['40001'])), { code: '40001' });
      assert.equal(calls, 1);
      assert.deepEqual(await itemNames(svc), ['seed']);
    });

    test('concurrent read-modify-write transactions with FOR UPDATE lose no update', async () => {
      const svc = db.forService(fx.schema('counter'));
      await svc.migrate(
        await fx.migrations({ '001.sql': 'CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0);' }),
      );
      const increment = () =>
        svc.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
          await pause(2);
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [(row?.n ?? 0) + 1]);
        });
      await Promise.all(Array.from({ length: 12 }, increment));
      assert.deepEqual(await svc.query('SELECT n FROM counter'), [{ n: 12 }]);
    });

    test('bigint values come back as numbers when safe and as BigInt beyond 2^53', async () => {
      const svc = db.forService(fx.schema('int8'));
      const [row] = await svc.query<Record<string, unknown>>(
        'SELECT $1::bigint AS money, count(*) AS n, 9007199254740993::bigint AS huge, 12.50::numeric AS exact FROM (VALUES (1), (2)) v',
        [123_456_789_012],
      );
      assert.deepEqual(row, { money: 123_456_789_012, n: 2, huge: 9007199254740993n, exact: '12.50' });
    });

    test('pg_trgm: ILIKE finds Chinese substrings and a gin_trgm_ops index serves the search', async () => {
      const svc = db.forService(fx.schema('trgm'));
      await svc.migrate(
        await fx.migrations({
          '001_product.sql': `CREATE TABLE product (id int PRIMARY KEY, name text NOT NULL);
            CREATE INDEX product_name_trgm ON product USING gin (name gin_trgm_ops);
            INSERT INTO product VALUES (1, '无线蓝牙耳机 Pro'), (2, '机械键盘'), (3, '头戴式耳罩');`,
        }),
      );
      const found = await svc.query<{ id: number }>('SELECT id FROM product WHERE name ILIKE $1', ['%耳机%']);
      assert.deepEqual(found, [{ id: 1 }]);
      const caseless = await svc.query<{ id: number }>('SELECT id FROM product WHERE name ILIKE $1', ['%pro%']);
      assert.deepEqual(caseless, [{ id: 1 }]);
      const plan = await svc.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        return tx.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT id FROM product WHERE name ILIKE '%蓝牙耳%'");
      });
      assert.match(plan.map((p) => Object.values(p)[0]).join('\n'), /product_name_trgm/);
    });

    test('a closed database refuses ping and new services', async () => {
      const own = await open();
      await own.ping();
      await own.close();
      await assert.rejects(own.ping());
      assert.throws(() => own.forService(fx.schema('closed')), /closed/);
      await own.close();
    });
  });
}
