// The real adapter: PostgreSQL through node-postgres, one small pool per service schema plus a
// tiny one for ping and extension setup.
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { createExtensionsSql } from './extensions.ts';
import { pgConnector } from './pg-connector.ts';
import { createPool, warnIdleError, type PoolSettings } from './pg-pool.ts';
import type { Database, PgOptions, ServiceDb } from './port.ts';
import { assertSchemaName } from './schema-name.ts';
import { createServiceDb } from './service-db.ts';

const defaultPoolSize = 10;

export async function openPgDatabase(opts: PgOptions): Promise<Database> {
  const settings: PoolSettings = {
    url: opts.url,
    size: opts.poolSize ?? defaultPoolSize,
    onIdleError: opts.onIdleError ?? warnIdleError,
  };
  const db = new PgDatabase(settings);
  try {
    await db.ping();
    if (opts.extensions?.length) await db.adminQuery(createExtensionsSql(opts.extensions));
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

class PgDatabase implements Database {
  readonly driver = 'pg' as const;
  readonly #settings: PoolSettings;
  readonly #admin: pg.Pool;
  readonly #pools = new Map<string, pg.Pool>();
  readonly #services = new Map<string, ServiceDb>();
  readonly #dialect = new PgDialect();
  #closing: Promise<void> | undefined;

  constructor(settings: PoolSettings) {
    this.#settings = settings;
    this.#admin = createPool({ ...settings, size: 2 });
  }

  forService(schema: string): ServiceDb {
    assertSchemaName(schema);
    if (this.#closing) throw new Error('database is closed');
    let service = this.#services.get(schema);
    if (!service) {
      const pool = createPool(this.#settings, schema);
      this.#pools.set(schema, pool);
      service = createServiceDb(pgConnector(pool, schema, this.#dialect));
      this.#services.set(schema, service);
    }
    return service;
  }

  async ping(): Promise<void> {
    await this.#admin.query('SELECT 1');
  }

  async adminQuery(sql: string): Promise<void> {
    await this.#admin.query(sql);
  }

  close(): Promise<void> {
    this.#closing ??= Promise.all([this.#admin, ...this.#pools.values()].map((p) => p.end())).then(() => undefined);
    return this.#closing;
  }
}
