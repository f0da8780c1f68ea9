// The SQL port: what a service sees of its database, whichever adapter (pg or PGlite) is behind it.
// Both adapters implement these types and pass the same conformance suite (platform/test/db).
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type SqlDriver = 'pg' | 'pglite';

/** A Drizzle database; declare tables with `pgSchema(schema).table(...)` so they are schema-qualified. */
export type Orm = PgDatabase<PgQueryResultHKT>;

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

/** Extensions created in the `public` schema at open, so every service schema can use them. */
export type SqlExtension = 'pg_trgm';

export interface TransactionOptions {
  /** Default: the server's default (read committed). */
  isolation?: Isolation;
  /**
   * How many times to run `fn` again after a serialization failure (40001) or a deadlock (40P01).
   * Default 0. `fn` must then be safe to re-run: only database effects are undone between attempts.
   */
  retries?: number;
}

/** A transaction: every statement runs on the transaction's own connection. */
export interface Tx {
  /** Drizzle bound to this transaction; `orm.transaction()` nests with a savepoint. */
  readonly orm: Orm;
  /** One SQL statement with `$1..$n` parameters, the service's schema first in search_path. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface MigrationResult {
  /** File names applied by this call, in the order they were applied. */
  applied: string[];
}

/** One service's view of the database: its own PostgreSQL schema. */
export interface ServiceDb {
  readonly schema: string;
  readonly orm: Orm;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Commits when `fn` resolves; rolls back and rethrows when it throws. */
  transaction<R>(fn: (tx: Tx) => Promise<R>, opts?: TransactionOptions): Promise<R>;
  /**
   * Applies the `*.sql` files of `dir` in file-name order, each once and in its own transaction,
   * tracked in `<schema>._migrations`. Refuses to run when an applied file has changed.
   * Safe when several instances migrate at the same time.
   */
  migrate(dir: string): Promise<MigrationResult>;
}

/** One physical target: a PostgreSQL server (pools) or the single PGlite instance. */
export interface Database {
  readonly driver: SqlDriver;
  /** `schema` must match [a-z_][a-z0-9_]* (at most 63 characters, not pg_*). Same schema, same object. */
  forService(schema: string): ServiceDb;
  /** Resolves when the database answers a trivial query; for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PgOptions {
  driver: 'pg';
  url: string;
  /** Connections per service schema (each schema has its own pool). Default 10. */
  poolSize?: number;
  extensions?: SqlExtension[];
  /** Called when an idle pooled connection fails (e.g. the server restarted). Default: a process warning. */
  onIdleError?: (err: Error) => void;
}

export interface PgliteOptions {
  driver: 'pglite';
  /** Directory of the database files; undefined = in memory. */
  dataDir?: string;
  extensions?: SqlExtension[];
}

export type OpenDatabaseOptions = PgOptions | PgliteOptions;
