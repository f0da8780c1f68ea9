// The db port on real PostgreSQL (MALL_POSTGRES_URL): the shared conformance suite plus what only
// a server with many connections shows (real conflicts, visibility across connections, failures).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPostgresUrl, isSerializationFailure, openDatabase, type Database, type ServiceDb } from '../../src/db/index.ts';
import { dbConformance } from './conformance.ts';
import { Fixtures, pause } from './fixtures.ts';

const url = process.env.MALL_POSTGRES_URL || defaultPostgresUrl;
const open = () => openDatabase({ driver: 'pg', url, poolSize: 4, extensions: ['pg_trgm'] });

dbConformance('pg (PostgreSQL)', open, { sharedStorage: true });

describe('pg: many connections on a real server', () => {
  const fx = new Fixtures();
  let db: Database;
  fx.openForSuite(open, (opened) => (db = opened));

  async function accounts(label: string): Promise<ServiceDb> {
    const svc = db.forService(fx.schema(label));
    await svc.migrate(
      await fx.migrations({
        '001.sql': 'CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL); INSERT INTO account VALUES (1, 100), (2, 100);',
      }),
    );
    return svc;
  }

  test('other connections do not see a transaction writes until it commits', async () => {
    const svc = await accounts('visibility');
    await svc.transaction(async (tx) => {
      await tx.query('UPDATE account SET balance = 0 WHERE id = 1');
      assert.deepEqual(await svc.query('SELECT balance FROM account WHERE id = 1'), [{ balance: 100 }]);
    });
    assert.deepEqual(await svc.query('SELECT balance FROM account WHERE id = 1'), [{ balance: 0 }]);
  });

  test('a real serialization conflict fails without retries and is resolved with them', async () => {
    const svc = await accounts('conflict');
    // Write skew: each transaction reads both rows, then withdraws from a different one.
    const withdraw = (id: number, retries: number) =>
      svc.transaction(
        async (tx) => {
          const [total] = await tx.query<{ sum: number }>('SELECT sum(balance)::bigint AS sum FROM account');
          await pause(30);
          if ((total?.sum ?? 0) >= 150) await tx.query('UPDATE account SET balance = balance - 150 WHERE id = $1', [id]);
        },
        { isolation: 'serializable', retries },
      );
    const outcomes = await Promise.allSettled([withdraw(1, 0), withdraw(2, 0)]);
    const failures = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(failures.length, 1);
    assert.ok(isSerializationFailure(failures[0]?.reason));

    await svc.query('UPDATE account SET balance = 100');
    await Promise.all([withdraw(1, 3), withdraw(2, 3)]);
    // The retried transaction saw the first one's withdrawal and did not overdraw.
    const [sum] = await svc.query<{ sum: number }>('SELECT sum(balance)::bigint AS sum FROM account');
    assert.equal(sum?.sum, 50);
  });

  test('a transaction whose connection is killed fails and the pool replaces the connection', async () => {
    const svc = await accounts('killed');
    const killer = db.forService(fx.schema('killer'));
    await assert.rejects(
      svc.transaction(async (tx) => {
        const [me] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [me?.pid]);
        await tx.query('UPDATE account SET balance = 0');
      }),
    );
    assert.deepEqual(await svc.query('SELECT balance FROM account ORDER BY id'), [{ balance: 100 }, { balance: 100 }]);
    await Promise.all(Array.from({ length: 6 }, () => svc.transaction((tx) => tx.query('SELECT 1'))));
  });

  test('poolSize bounds the connections of one service schema', async () => {
    const svc = db.forService(fx.schema('pool'));
    const pids = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const [row] = await svc.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
        return row?.pid;
      }),
    );
    assert.equal(new Set(pids).size, 4);
  });

  test('an unreachable server makes openDatabase fail', async () => {
    await assert.rejects(openDatabase({ driver: 'pg', url: 'postgres://postgres@127.0.0.1:1/test' }), { code: 'ECONNREFUSED' });
  });
});
