// The embedded adapter: one PGlite instance (in memory or in a data directory) shared by every
// service of the all-in-one host, each in its own schema.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { checkExtensions, createExtensionsSql } from './extensions.ts';
import { pgliteConnector } from './pglite-connector.ts';
import { schemaSessions, type RunInSchema } from './pglite-session.ts';
import type { Database, PgliteOptions, ServiceDb, SqlExtension } from './port.ts';
import { assertSchemaName } from './schema-name.ts';
import { createServiceDb } from './service-db.ts';

const bundles: Record<SqlExtension, Extensions[string]> = { pg_trgm };

// PostgreSQL's default 128 MB of shared buffers is sized for a server; one demo user's data fits in
// 16 MB, and the all-in-one process then idles about 130 MB lower (measured: PGlite alone 312 → 165 MB
// RSS). work_mem, temp_buffers, wal_buffers and maintenance_work_mem, tried too, changed nothing
// measurable. startParams replaces PGlite's own parameters, hence the defaults first.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export async function openPgliteDatabase(opts: PgliteOptions): Promise<Database> {
  const extensions = opts.extensions ?? [];
  checkExtensions(extensions);
  if (opts.dataDir) {
    // PGlite does not create missing parent directories of its data directory.
    await mkdir(opts.dataDir, { recursive: true });
    if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await initializeFromTemplate(opts.dataDir);
  }
  const pglite = await PGlite.create(opts.dataDir, {
    extensions: Object.fromEntries(extensions.map((name) => [name, bundles[name]])),
    startParams,
  });
  try {
    if (extensions.length) await pglite.exec(createExtensionsSql(extensions));
  } catch (err) {
    await pglite.close();
    throw err;
  }
  return new PgliteDb(pglite);
}

/**
 * A new data directory is a copy of a pristine one made once per machine (per PGlite build and start parameters) in
 * the system's temporary directory: initdb costs some 10 s of CPU, a copy of its 40 MB a fifth of a second, and every
 * embedded test process and every new all-in-one data directory needs one. Two processes making the template at once
 * each build their own and the first to rename it into place wins; the other uses the winner's.
 */
async function initializeFromTemplate(dataDir: string): Promise<void> {
  const template = pgliteTemplateDir();
  if (!existsSync(join(template, 'PG_VERSION'))) {
    await mkdir(join(template, '..'), { recursive: true });
    const fresh = await mkdtemp(`${template}.tmp-`);
    try {
      await initializeInChild(fresh);
      await rename(fresh, template).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }
  // Copied beside and renamed onto the (empty) directory, so a copy a crash cuts short is never taken for a database.
  const staging = await mkdtemp(`${dataDir.replace(/\/+$/, '')}.tmp-`);
  try {
    await cp(template, staging, { recursive: true, mode: constants.COPYFILE_FICLONE });
    await rename(staging, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Where the pristine data directory of this PGlite build and these start parameters lives (MALL_PGLITE_TEMPLATES moves it). */
export function pgliteTemplateDir(): string {
  const build = import.meta.resolve('@electric-sql/pglite');
  const key = createHash('sha256').update(build).update('\0').update(startParams.join('\0')).digest('hex').slice(0, 16);
  return join(process.env.MALL_PGLITE_TEMPLATES ?? join(tmpdir(), 'mall-pglite-templates'), key);
}

/**
 * initdb in a child process: it runs two extra PGlite instances whose WebAssembly memory is freed but not all given
 * back to the system, so done in the host it left the all-in-one process some 100 MB larger on its first start
 * than on every later one (measured with `BENCH_ONLY=allinone npm run bench`).
 */
async function initializeInChild(dataDir: string): Promise<void> {
  const script = fileURLToPath(new URL('./pglite-init.mjs', import.meta.url));
  await promisify(execFile)(process.execPath, [script, dataDir, ...startParams], { timeout: 120_000 });
}

class PgliteDb implements Database {
  readonly driver = 'pglite' as const;
  readonly #pglite: PGlite;
  readonly #run: RunInSchema;
  readonly #services = new Map<string, ServiceDb>();
  readonly #dialect = new PgDialect();
  #closing: Promise<void> | undefined;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
    this.#run = schemaSessions(pglite);
  }

  forService(schema: string): ServiceDb {
    assertSchemaName(schema);
    if (this.#closing) throw new Error('database is closed');
    let service = this.#services.get(schema);
    if (!service) {
      service = createServiceDb(pgliteConnector(this.#run, schema, this.#dialect));
      this.#services.set(schema, service);
    }
    return service;
  }

  async ping(): Promise<void> {
    await this.#pglite.query('SELECT 1');
  }

  close(): Promise<void> {
    this.#closing ??= this.#pglite.close();
    return this.#closing;
  }
}
