// One service schema on node-postgres: raw queries on the schema's pool, transactions as real
// BEGIN/COMMIT/ROLLBACK on one checked-out client that Tx.query and Tx.orm both use.
import { drizzle, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { SchemaConnector, TxConnection } from './connector.ts';
import { TransactionAbortedError } from './errors.ts';
import type { Isolation } from './port.ts';

export function pgConnector(pool: pg.Pool, schema: string, dialect: PgDialect): SchemaConnector {
  return {
    schema,
    orm: drizzle({ client: pool }),
    query: async <T>(sql: string, params: readonly unknown[]) => (await pool.query(sql, [...params])).rows as T[],
    transaction: (isolation, fn) => pgTransaction(pool, dialect, isolation, fn),
  };
}

async function pgTransaction<R>(
  pool: pg.Pool,
  dialect: PgDialect,
  isolation: Isolation | undefined,
  fn: (tx: TxConnection) => Promise<R>,
): Promise<R> {
  const client = await pool.connect();
  const health = watchConnection(client);
  try {
    await client.query(isolation ? `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}` : 'BEGIN');
    const result = await fn(pgTx(client, dialect));
    await commit(client);
    return result;
  } catch (err) {
    await rollback(client, health);
    throw err;
  } finally {
    health.stop();
    // A connection that failed is destroyed instead of going back to the pool.
    client.release(health.failure);
  }
}

function pgTx(client: pg.PoolClient, dialect: PgDialect): TxConnection {
  const session = new NodePgSession(client, dialect, undefined);
  return {
    orm: new NodePgTransaction(dialect, session, undefined),
    query: async <T>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as T[],
    exec: async (script) => {
      await client.query(script);
    },
  };
}

/** PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error; make it one. */
async function commit(client: pg.PoolClient): Promise<void> {
  const result = await client.query('COMMIT');
  if (result.command === 'ROLLBACK') throw new TransactionAbortedError();
}

interface ConnectionHealth {
  failure: Error | undefined;
  stop(): void;
}

/** A checked-out client has no error listener of the pool's; a dropped connection would crash us. */
function watchConnection(client: pg.PoolClient): ConnectionHealth {
  const health: ConnectionHealth = {
    failure: undefined,
    stop: () => client.off('error', onError),
  };
  const onError = (err: Error): void => {
    health.failure = err;
  };
  client.on('error', onError);
  return health;
}

/** The caller's error is the one to report; a failed ROLLBACK only marks the connection as broken. */
async function rollback(client: pg.PoolClient, health: ConnectionHealth): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch (err) {
    health.failure ??= err as Error;
  }
}
