// One service schema on the shared PGlite instance: raw queries, Drizzle and transactions all go
// through schemaSessions() so each sees its own search_path and waits its turn on the connection.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { PgliteDatabase, PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';
import type { SchemaConnector, TxConnection } from './connector.ts';
import { INT8_OID, parseInt8 } from './int8.ts';
import type { RunInSchema } from './pglite-session.ts';

const rawQueryOptions = { parsers: { [INT8_OID]: parseInt8 } };

export function pgliteConnector(run: RunInSchema, schema: string, dialect: PgDialect): SchemaConnector {
  return {
    schema,
    orm: scopedOrm(run, schema, dialect),
    query: (sql, params) => run(schema, undefined, (ptx) => rawQuery(ptx, sql, params)),
    transaction: (isolation, fn) => run(schema, isolation, (ptx) => fn(pgliteTx(ptx, dialect))),
  };
}

function pgliteTx(ptx: Transaction, dialect: PgDialect): TxConnection {
  return {
    orm: new PgliteTransaction(dialect, new PgliteSession(ptx, dialect, undefined), undefined),
    query: (sql, params = []) => rawQuery(ptx, sql, params),
    exec: async (script) => {
      await ptx.exec(script);
    },
  };
}

async function rawQuery<T>(ptx: Transaction, sql: string, params: readonly unknown[]): Promise<T[]> {
  return (await ptx.query<T>(sql, [...params], rawQueryOptions)).rows;
}

/**
 * Drizzle outside a transaction. drizzle-orm 0.45's PgliteSession only calls client.query() and
 * client.transaction(), so a client offering those two, each wrapped in a schema session, gives
 * Drizzle the same search_path and queueing as raw queries (conformance tests cover both calls).
 */
function scopedOrm(run: RunInSchema, schema: string, dialect: PgDialect): PgliteDatabase {
  const client: Pick<PGlite, 'query' | 'transaction'> = {
    query: (sql, params, options) => run(schema, undefined, (ptx) => ptx.query(sql, params, options)),
    transaction: (fn) => run(schema, undefined, fn),
  };
  return new PgliteDatabase(dialect, new PgliteSession(client as PGlite, dialect, undefined), undefined);
}
