// Test fixtures for the db suites: unique schema names (the real server is shared across runs and
// files) and throwaway migration directories, both cleaned up by the suite that made them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Database } from '../../src/db/index.ts';

export class Fixtures {
  readonly #schemas = new Set<string>();
  readonly #dirs: string[] = [];
  readonly #run = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

  /** A schema name no other run or test uses; dropped by cleanup(). */
  schema(label: string): string {
    const name = `${this.#run}_${label}`;
    this.#schemas.add(name);
    return name;
  }

  /** A temporary migrations directory holding `files` (name -> SQL). */
  async migrations(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mall-db-'));
    this.#dirs.push(dir);
    await writeMigrations(dir, files);
    return dir;
  }

  /** Opens a database for the enclosing suite before its tests; after them its schemas are dropped and it is closed. */
  openForSuite(open: () => Promise<Database>, use: (db: Database) => void): void {
    let db: Database | undefined;
    before(async () => {
      db = await open();
      use(db);
    });
    after(async () => {
      await this.cleanup(db);
      await db?.close();
    });
  }

  async cleanup(db: Database | undefined): Promise<void> {
    if (db) {
      const admin = db.forService(`${this.#run}_admin`);
      for (const schema of this.#schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    await Promise.all(this.#dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

export async function writeMigrations(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
}

/** An error carrying a SQLSTATE code, as the drivers raise them. */
export function sqlError(code: string): Error {
  return Object.assign(new Error(`simulated SQLSTATE ${code}`), { code });
}

/** Resolves after `ms`; used to hold a transaction open while others try to run. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
