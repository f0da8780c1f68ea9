// The ServiceDb of the port, built once over an adapter's SchemaConnector: option checks,
// serialization-failure retries and migrations behave the same on pg and PGlite.
import type { SchemaConnector } from './connector.ts';
import { migrate } from './migrate.ts';
import type { Isolation, ServiceDb, TransactionOptions } from './port.ts';
import { retryOnSerializationFailure } from './serialization-retry.ts';

const isolations: ReadonlySet<string> = new Set<Isolation>(['read committed', 'repeatable read', 'serializable']);

export function createServiceDb(conn: SchemaConnector): ServiceDb {
  return {
    schema: conn.schema,
    orm: conn.orm,
    query: (sql, params = []) => conn.query(sql, params),
    transaction: async (fn, opts = {}) => {
      const { isolation, retries } = checkOptions(opts);
      return retryOnSerializationFailure(retries, () => conn.transaction(isolation, fn));
    },
    migrate: (dir) => migrate(conn, dir),
  };
}

/** Isolation is spliced into SQL text, so it is checked against the list, not trusted from the type. */
function checkOptions(opts: TransactionOptions): { isolation: Isolation | undefined; retries: number } {
  const { isolation, retries = 0 } = opts;
  if (isolation !== undefined && !isolations.has(isolation)) {
    throw new TypeError(`unknown isolation level ${JSON.stringify(isolation)}`);
  }
  if (!Number.isInteger(retries) || retries < 0) {
    throw new TypeError(`retries must be a non-negative integer, got ${String(retries)}`);
  }
  return { isolation, retries };
}
