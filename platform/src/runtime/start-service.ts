// Starts one service inside a process, the same way in both run modes: configuration, migrations,
// clients of its dependencies, bound handlers, readiness checks, its start hook, consumers, listeners and jobs.
import { Type } from 'typebox';
import type { Contract } from '@mall/contracts';
import { ServiceBus, startListeners, type Consumption } from '../bus/index.ts';
import type { LiveConfig } from '../config/index.ts';
import { loadConfig } from '../config/index.ts';
import type { ServiceDb } from '../db/index.ts';
import { createLogger, Health, type Logger } from '../observability/index.ts';
import { bindService, createClient, type BoundService, type Client } from '../rpc/index.ts';
import type { ServiceContext } from './context.ts';
import type { ServiceDefinition } from './define.ts';
import type { Infrastructure } from './infrastructure.ts';
import { JobRunner } from './jobs.ts';

export interface StartedService {
  definition: ServiceDefinition;
  context: ServiceContext;
  bound: BoundService | undefined;
  /** Publishes the service's committed outbox rows now (rejects if the broker refused some). */
  flushEvents(): Promise<void>;
  stop(): Promise<void>;
}

export async function startService(def: ServiceDefinition, infra: Infrastructure, opts: { instanceId: string; health?: Health; log?: Logger }): Promise<StartedService> {
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
    health,
    client<C extends Contract>(contract: C): Client<C> {
      const client = clients.get(contract.service);
      if (!client) throw new Error(`service ${def.name} calls ${contract.service} without naming it in dependsOn`);
      return client as unknown as Client<C>;
    },
  };

  const bound =
    def.contract && def.handlers
      ? bindService(def.contract, def.handlers(context as never), {
          instanceId: opts.instanceId,
          onUnexpectedError: (err, method) => log.error({ err, method: method.name }, 'handler failed'),
        })
      : undefined;
  const stopHook = def.start ? await def.start(context as never) : undefined;
  for (const consumer of def.consumers?.(context as never) ?? []) {
    if (!bus) throw new Error(`service ${def.name} has consumers but no migrations folder (its inbox lives in its schema)`);
    await bus.subscribe(consumer);
  }
  const listeners = def.listeners?.(context as never) ?? [];
  // No readiness check for a broker only listened to: listeners are a cache's fast path, and an edge that
  // turned unready while NATS is away would take the shop down with it.
  const listening: Consumption | undefined = listeners.length > 0 ? await startListeners(await infra.broker(), def.name, listeners, log) : undefined;
  const jobs = def.jobs ? new JobRunner(def.name, def.jobs(context as never), infra.locks, log) : undefined;
  await jobs?.start();

  return {
    definition: def,
    context,
    bound,
    flushEvents: async () => bus?.flush(),
    async stop() {
      // Jobs, consumers and listeners stop first and the outbox is flushed last, so the events of in-flight work
      // still leave; all of it before the process closes the broker.
      await jobs?.stop();
      await Promise.all([bus?.stopConsuming(), listening?.stop()]);
      if (stopHook) await stopHook();
      await bus?.stop();
      await config.close();
    },
  };
}
