// A PostgreSQL database of a test's own on the test server: for tests that damage data on purpose (the shared
// `test` database must stay sound for everyone) or need a truly first start. drop() removes it, connections and all.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../db/index.ts';
import { testServers } from './servers.ts';

export interface ScratchDatabase {
  readonly name: string;
  /** MALL_POSTGRES_URL for processes and adapters that should use it. */
  readonly url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `${label}_${process.pid}_${randomUUID().slice(0, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const server = await openDatabase({ driver: 'pg', url: testServers.MALL_POSTGRES_URL, poolSize: 1 });
  const admin = server.forService('public');
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(testServers.MALL_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await server.close();
      }
    },
  };
}
