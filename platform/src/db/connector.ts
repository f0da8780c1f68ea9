// The few primitives each adapter provides for one service schema; service-db.ts and migrate.ts
// build the whole port on top of them, so pg and PGlite share every rule above the connection.
import type { Isolation, Orm, Tx } from './port.ts';

/** A transaction as the adapters hand it out: the public Tx plus multi-statement scripts. */
export interface TxConnection extends Tx {
  /** Runs several statements without parameters (a migration file). */
  exec(script: string): Promise<void>;
}

export interface SchemaConnector {
  readonly schema: string;
  readonly orm: Orm;
  query<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** BEGIN [isolation] on one connection, search_path = schema, COMMIT or ROLLBACK + rethrow. */
  transaction<R>(isolation: Isolation | undefined, fn: (tx: TxConnection) => Promise<R>): Promise<R>;
}
