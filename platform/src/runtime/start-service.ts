// Starts one service inside a process, the same way in both run modes: configuration, migrations, clients of
// its dependencies, its per-instance objects (setup), bound handlers, readiness checks, its start hook, consumers, listeners and jobs.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Contract } from '@mall/contracts';
import { ServiceBus, startListeners, type Consumption } from '../bus/index.ts';
import { join, resolve } from 'node:path';
import { createBlobStore, type BlobStore } from '../blob/index.ts';
import { openCache, type Cache, type CacheOptions } from '../cache/index.ts';
import type { LiveConfig } from '../config/index.ts';
import { loadConfig } from '../config/index.ts';
import type { ServiceDb } from '../db/index.ts';
import { migrateIdempotency } from '../idempotency/index.ts';
import { createLogger, Health, type Logger } from '../observability/index.ts';
import type { RateLimitStore } from '../ratelimit/index.ts';
import { bindService, createClient, type BoundService, type Client } from '../rpc/index.ts';
import type { ServiceContext } from './context.ts';
import type { ServiceDefinition } from './define.ts';
import type { Infrastructure } from './infrastructure.ts';
import { JobRunner, type JobSpec } from './jobs.ts';
import { kernelJobs } from './kernel-jobs.ts';
import { closeOwnObjects } from './own-objects.ts';

export interface StartedService {
  definition: ServiceDefinition;
  context: ServiceContext;
  bound: BoundService | undefined;
  /** Mounts the service's edge routes (its `http` hook, with its per-instance objects) on an app; nothing without one. */
  mountHttp(app: FastifyInstance): Promise<void>;
  /** Publishes the service's committed outbox rows now (rejects if the broker refused some). */
  flushEvents(): Promise<void>;
  stop(): Promise<void>;
}

export async function startService(
  def: ServiceDefinition,
  infra: Infrastructure,
  opts: { instanceId: string; health?: Health; log?: Logger },
): Promise<StartedService> {
  const log = opts.log ?? createLogger({ service: def.name, instance: opts.instanceId, level: infra.settings.logLevel });
  const health = opts.health ?? new Health();
  const config = (await loadConfig({
    service: def.name,
    schema: def.config ?? Type.Object({}, { additionalProperties: false }),
    center: infra.configCenter,
    log: (level, msg, data) => log[level](data ?? {}, msg),
  })) as LiveConfig<unknown>;

  let db: ServiceDb | undefined;
  let bus: ServiceBus | undefined;
  if (def.migrations) {
    const database = await infra.database();
    db = database.forService(def.name);
    const { applied } = await db.migrate(def.migrations);
    // After the service's own: identity's first migration made the idempotency table before the kernel owned it.
    applied.push(...(await migrateIdempotency(db)));
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
    health.addReadiness(`${def.name}.postgres`, () => database.ping());
    // Every service with a schema gets an outbox: publishing an event must never need a wiring change.
    const broker = await infra.broker();
    bus = await ServiceBus.open({ service: def.name, db, broker, log });
    health.addReadiness(`${def.name}.${infra.mode === 'real' ? 'nats' : 'bus'}`, () => broker.ping());
  }

  const clients = new Map<string, Client<Contract>>();
  for (const contract of def.dependsOn ?? []) {
    clients.set(contract.service, createClient(contract, await infra.transport(contract.service)));
  }

  const kv = infra.kv(def.name);
  let rateLimits: RateLimitStore | undefined;
  const caches = new Map<string, Promise<Cache>>();
  let blobs: BlobStore | undefined;
  const context: ServiceContext = {
    name: def.name,
    instanceId: opts.instanceId,
    mode: infra.mode,
    log,
    config,
    get db(): ServiceDb {
      if (!db) throw new Error(`service ${def.name} has no migrations folder, so it has no database schema`);
      return db;
    },
    get bus(): ServiceBus {
      if (!bus) throw new Error(`service ${def.name} has no migrations folder, so it has no outbox`);
      return bus;
    },
    kv,
    locks: infra.locks,
    get rateLimits(): RateLimitStore {
      return (rateLimits ??= infra.openRateLimits({
        onConnectionError: (err) => log.warn({ err }, 'rate-limit Redis unreachable; limits are counted in this instance alone meanwhile'),
      }));
    },
    cache(name: string, opts: CacheOptions): Promise<Cache> {
      if (caches.has(name)) return Promise.reject(new Error(`service ${def.name} opened cache ${name} twice; open it once, in setup`));
      const opening = infra.broker().then((broker) => openCache({ service: def.name, kv, locks: infra.locks, broker, log }, name, opts));
      caches.set(name, opening);
      opening.catch(() => caches.delete(name));
      return opening;
    },
    get blobs(): BlobStore {
      return (blobs ??= createBlobStore({ namespace: def.name, root: join(infra.settings.dataDir, 'blobs') }));
    },
    dataDir: resolve(infra.settings.dataDir),
    health,
    client<C extends Contract>(contract: C): Client<C> {
      const client = clients.get(contract.service);
      if (!client) throw new Error(`service ${def.name} calls ${contract.service} without naming it in dependsOn`);
      return client as unknown as Client<C>;
    },
  };

  // Hooks are typed by defineService; here the definition is erased, so context and own pass as what each hook declared.
  const ctx = context as never;
  const own = (def.setup ? await def.setup(ctx) : undefined) as never;
  const bound =
    def.contract && def.handlers
      ? bindService(def.contract, def.handlers(ctx, own), {
          instanceId: opts.instanceId,
          onUnexpectedError: (err, method) => log.error({ err, method: method.name }, 'handler failed'),
        })
      : undefined;
  const stopHook = def.start ? await def.start(ctx, own) : undefined;
  for (const consumer of def.consumers?.(ctx, own) ?? []) {
    if (!bus) throw new Error(`service ${def.name} has consumers but no migrations folder (its inbox lives in its schema)`);
    await bus.subscribe(consumer);
  }
  const listeners = def.listeners?.(ctx, own) ?? [];
  // No readiness check for a broker only listened to: listeners are a cache's fast path, and an edge that
  // turned unready while NATS is away would take the shop down with it.
  const listening: Consumption | undefined =
    listeners.length > 0 ? await startListeners(await infra.broker(), def.name, listeners, log) : undefined;
  const jobSpecs: JobSpec[] = [...(db ? kernelJobs(db, log) : []), ...(def.jobs?.(ctx, own) ?? [])];
  const jobs = jobSpecs.length > 0 ? new JobRunner(def.name, jobSpecs, infra.locks, log) : undefined;
  await jobs?.start();

  return {
    definition: def,
    context,
    bound,
    mountHttp: async (app) => {
      if (def.http) await def.http(app, ctx, own);
    },
    flushEvents: async () => bus?.flush(),
    async stop() {
      // Jobs, consumers and listeners stop first and the outbox is flushed last, so the events of in-flight work
      // still leave; all of it before the process closes the broker.
      await jobs?.stop();
      await Promise.all([bus?.stopConsuming(), listening?.stop()]);
      if (stopHook) await stopHook();
      await closeOwnObjects(own, log);
      await closeCaches(caches, log);
      await bus?.stop();
      await rateLimits?.close();
      await config.close();
    },
  };
}

/** The kernel's caches of a service, after setup's objects (which may use them) and before the broker they listen on. */
async function closeCaches(caches: Map<string, Promise<Cache>>, log: Logger): Promise<void> {
  const opened = await Promise.allSettled(caches.values());
  for (const result of opened) {
    if (result.status !== 'fulfilled') continue;
    await result.value.close().catch((err: unknown) => log.error({ err, cache: result.value.name }, 'a cache failed to close'));
  }
  caches.clear();
}
