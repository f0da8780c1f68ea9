// Opening the SQL database: explicitly by driver, or by run mode from the environment
// (MALL_POSTGRES_URL for the cluster, MALL_DATA_DIR for the all-in-one host).
import { join } from 'node:path';
import type { Database, OpenDatabaseOptions, SqlExtension } from './port.ts';

/** Each adapter is loaded on first use: a cluster process never loads PGlite, nor the host pg. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.driver === 'pg') return (await import('./pg-database.ts')).openPgDatabase(opts);
  return (await import('./pglite-database.ts')).openPgliteDatabase(opts);
}

export type RunMode = 'embedded' | 'real';

export interface CreateDatabaseOptions {
  /** Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Connections per service schema on PostgreSQL. Default 10. */
  poolSize?: number;
  /** Default: ['pg_trgm'] (catalog search). */
  extensions?: SqlExtension[];
  /** Embedded only: keep the data in memory instead of MALL_DATA_DIR (tests, throwaway demos). */
  inMemory?: boolean;
}

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
export const defaultDataDir = './data';

/** real → PostgreSQL at MALL_POSTGRES_URL; embedded → PGlite in <MALL_DATA_DIR>/pglite. */
export function createDatabase(runMode: RunMode, opts: CreateDatabaseOptions = {}): Promise<Database> {
  const env = opts.env ?? process.env;
  const extensions = opts.extensions ?? ['pg_trgm'];
  if (runMode === 'real') {
    const url = env.MALL_POSTGRES_URL || defaultPostgresUrl;
    return openDatabase({ driver: 'pg', url, poolSize: opts.poolSize, extensions });
  }
  const dataDir = opts.inMemory ? undefined : join(env.MALL_DATA_DIR || defaultDataDir, 'pglite');
  return openDatabase({ driver: 'pglite', dataDir, extensions });
}
