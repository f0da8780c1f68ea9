// node-postgres pools: one per service schema, each connection started with that schema first in
// its search_path, so raw SQL, Drizzle and transactions all resolve names the same way.
import pg from 'pg';
import { INT8_OID, parseInt8 } from './int8.ts';
import { searchPathOf } from './schema-name.ts';

export interface PoolSettings {
  url: string;
  size: number;
  onIdleError: (err: Error) => void;
}

/**
 * Why a pool per schema rather than one shared pool with SET search_path per checkout: the search
 * path travels in the startup packet (`options=-c search_path=...`), so it is right on every
 * connection without an extra round trip, and Drizzle queries (which bypass our checkout) get it
 * too. A cluster process hosts one service, hence one pool; `size` applies per schema.
 */
export function createPool(settings: PoolSettings, schema?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.size,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: schema ? `mall:${schema}` : 'mall',
    ...(schema ? { options: `-c search_path=${searchPathOf(schema)}` } : {}),
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // Without a listener, an idle connection dropped by the server would crash the process;
  // the pool already discards that connection, the listener only reports it.
  pool.on('error', settings.onIdleError);
  return pool;
}

/** Raw queries read int8 like PGlite does (see int8.ts); Drizzle passes its own parsers per query. */
function typeParser(oid: number, format?: string): unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format as 'text');
}

export function warnIdleError(err: Error): void {
  process.emitWarning(`idle PostgreSQL connection failed: ${err.message}`, { code: 'MALL_DB_IDLE_CONNECTION' });
}
