// The adapters of one run mode, opened once per process and shared by the services it hosts:
// embedded (PGlite, in-process KV/bus/registry/config center) or real (PostgreSQL, Redis, NATS, etcd).
import { join } from 'node:path';
import type { Broker } from '../bus/index.ts';
import { createBroker } from '../bus/index.ts';
import type { ConfigCenter } from '../config/index.ts';
import { createConfigCenter } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import { openDatabase } from '../db/index.ts';
import type { Kv } from '../kv/index.ts';
import { createKv } from '../kv/index.ts';
import type { Locks } from '../locks/index.ts';
import { createLocks } from '../locks/index.ts';
import type { Registry } from '../registry/index.ts';
import { openRateLimitStore, type RateLimitStore } from '../ratelimit/index.ts';
import { createRegistry } from '../registry/index.ts';
import { HttpTransport, InProcessTransport, LocalDirectory, type Transport } from '../rpc/index.ts';
import type { RunMode } from './context.ts';
import type { KernelSettings } from './settings.ts';

export interface Infrastructure {
  readonly mode: RunMode;
  readonly settings: KernelSettings;
  readonly registry: Registry;
  readonly configCenter: ConfigCenter;
  readonly locks: Locks;
  /** Services hosted in this process (all-in-one); empty in a cluster instance. */
  readonly directory: LocalDirectory;
  database(): Promise<Database>;
  /** The event broker shared by the services of this process, opened on first use. */
  broker(): Promise<Broker>;
  /** A KV namespace for one service: its keys never meet another service's. */
  kv(service: string): Kv;
  transport(service: string): Promise<Transport>;
  /** A rate-limit store of the run mode for one service; the caller (the runtime) owns and closes it. */
  openRateLimits(opts: { onConnectionError: (err: Error) => void }): RateLimitStore;
  close(): Promise<void>;
}

export async function openInfrastructure(settings: KernelSettings): Promise<Infrastructure> {
  return settings.mode === 'embedded' ? openEmbedded(settings) : openReal(settings);
}

/** What differs between the run modes: how each adapter is opened. Sharing and closing are the same. */
interface Adapters {
  configCenter: ConfigCenter;
  registry: Registry;
  locks: Locks;
  directory: LocalDirectory;
  openDatabase(): Promise<Database>;
  openBroker(): Promise<Broker>;
  openKv(service: string): Kv;
  openTransport(service: string): Promise<Transport>;
  openRateLimits(opts: { onConnectionError: (err: Error) => void }): RateLimitStore;
}

async function openEmbedded(settings: KernelSettings): Promise<Infrastructure> {
  const directory = new LocalDirectory();
  return assemble('embedded', settings, {
    configCenter: await createConfigCenter('embedded', { file: join(settings.dataDir, 'config-center.json') }),
    registry: await createRegistry('embedded'),
    locks: createLocks('embedded'),
    directory,
    openDatabase: () => openDatabase({ driver: 'pglite', dataDir: join(settings.dataDir, 'pglite'), extensions: ['pg_trgm'] }),
    openBroker: () => createBroker('embedded'),
    openKv: (service) => createKv('embedded', { prefix: `mall:${service}:` }),
    openTransport: async (service) => new InProcessTransport(service, directory),
    openRateLimits: () => openRateLimitStore('embedded'),
  });
}

async function openReal(settings: KernelSettings): Promise<Infrastructure> {
  const registry =
    settings.registry === 'static'
      ? await createRegistry('static', { services: settings.staticServices })
      : await createRegistry('etcd', { endpoints: settings.etcdEndpoints });
  return assemble('real', settings, {
    configCenter: await createConfigCenter('etcd', { endpoints: settings.etcdEndpoints }),
    registry,
    locks: createLocks('redis', { url: settings.redisUrl }),
    directory: new LocalDirectory(),
    openDatabase: () =>
      openDatabase({ driver: 'pg', url: settings.postgresUrl, poolSize: settings.postgresPoolSize, extensions: ['pg_trgm'] }),
    openBroker: () =>
      createBroker('jetstream', { servers: settings.natsUrl, ...(settings.instanceId ? { name: settings.instanceId } : {}) }),
    openKv: (service) => createKv('redis', { url: settings.redisUrl, prefix: `mall:${service}:` }),
    openTransport: (service) => HttpTransport.connect(service, registry, { balancer: settings.balancer }),
    openRateLimits: ({ onConnectionError }) => openRateLimitStore('redis', { url: settings.redisUrl, onConnectionError }),
  });
}

/** Opens each adapter once, on first use, and closes what was opened in reverse order of dependence. */
function assemble(mode: RunMode, settings: KernelSettings, adapters: Adapters): Infrastructure {
  const kvs = new Map<string, Kv>();
  const transports = new Map<string, Promise<Transport>>();
  let db: Promise<Database> | undefined;
  let broker: Promise<Broker> | undefined;
  const { configCenter, registry, locks, directory } = adapters;
  return {
    mode,
    settings,
    registry,
    configCenter,
    locks,
    directory,
    database: () => (db ??= adapters.openDatabase()),
    broker: () => (broker ??= adapters.openBroker()),
    kv(service) {
      let kv = kvs.get(service);
      if (!kv) kvs.set(service, (kv = adapters.openKv(service)));
      return kv;
    },
    transport(service) {
      let t = transports.get(service);
      if (!t) transports.set(service, (t = adapters.openTransport(service)));
      return t;
    },
    openRateLimits: (opts) => adapters.openRateLimits(opts),
    async close() {
      await Promise.all([...transports.values()].map(async (t) => (await t).close()));
      if (broker) await (await broker).close();
      await Promise.all([...kvs.values()].map((kv) => kv.close()));
      if (db) await (await db).close();
      await locks.close();
      await registry.close();
      await configCenter.close();
    },
  };
}
