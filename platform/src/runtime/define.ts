// defineService: the one place a service is wired — its contract and handlers, its configuration,
// its migrations, the contracts it calls, its per-instance objects and its edge routes. The runtime does everything else.
import type { FastifyInstance } from 'fastify';
import type { TObject, Static } from 'typebox';
import type { Contract } from '@mall/contracts';
import type { ConsumerSpec, ListenerSpec } from '../bus/index.ts';
import type { Handlers } from '../rpc/index.ts';
import type { ServiceContext } from './context.ts';
import type { JobSpec } from './jobs.ts';

/**
 * A service, declared once. `Own` is what `setup` returns: the service's per-instance objects (a key ring, a
 * login guard, a policy cache), built once per started instance and handed as the second argument to handlers,
 * consumers, listeners, jobs, start and http (its third), so that hooks share them without module state.
 *
 * Closing rule: at stop, after jobs, consumers and listeners have stopped and the start hook's stop function has
 * run, every member of the object `setup` returned that has a `close()` or `stop()` method is called (awaited),
 * one after another in reverse order of the members — the last made is closed first, since it may use the ones
 * made before it. A member that fails to close is logged and the rest are still closed. Kernel resources
 * (`ctx.rateLimits`, the caches of `ctx.cache`, the database, the bus) belong to the runtime and are closed after them; setup never closes those.
 */
// The hooks are declared as methods, so that a definition with its own config and setup types still passes where an
// erased `ServiceDefinition` is expected (the host, the launcher): method parameters are compared both ways.
export interface ServiceDefinition<C extends Contract = Contract, S extends TObject = TObject, Own = unknown> {
  name: string;
  /** The RPC contract this service serves; an edge-only service (the gateway) has none. */
  contract?: C;
  /** Schema (with defaults) of this service's own configuration, hot-reloaded from the config center. */
  config?: S;
  /** Folder of SQL migrations, applied at start to the service's own schema. */
  migrations?: string;
  /** The largest RPC request body its instances accept, in bytes (default 1 MiB); an image upload needs more. */
  rpcBodyLimitBytes?: number;
  /** Contracts this service calls; their clients are ready before the handlers are built. */
  dependsOn?: Contract[];
  /** Builds the per-instance objects (may be async), after migrations and clients and before any other hook. */
  setup?(ctx: ServiceContext<Static<S>>): Own | Promise<Own>;
  handlers?(ctx: ServiceContext<Static<S>>, own: Own): Handlers<C>;
  /** Durable event consumers; each delivery runs in a transaction of this service's schema (so it needs migrations). */
  consumers?(ctx: ServiceContext<Static<S>>, own: Own): ConsumerSpec[];
  /**
   * Per-instance listeners: EVERY instance hears each event published after it started, at most once, with no
   * inbox or transaction (so no migrations needed). For caches that follow another service's facts.
   */
  listeners?(ctx: ServiceContext<Static<S>>, own: Own): ListenerSpec[];
  /** Scheduled jobs; a singleton job (the default) runs on one instance of the cluster at a time. */
  jobs?(ctx: ServiceContext<Static<S>>, own: Own): JobSpec[];
  /** Routes of an edge service, mounted on its HTTP server (in the all-in-one host: on the public port). */
  http?(app: FastifyInstance, ctx: ServiceContext<Static<S>>, own: Own): void | Promise<void>;
  /** Called after the service is up and before it takes traffic; the returned function runs at shutdown. */
  start?(ctx: ServiceContext<Static<S>>, own: Own): Promise<(() => Promise<void>) | void>;
}

export function defineService<C extends Contract, S extends TObject, Own = undefined>(
  def: ServiceDefinition<C, S, Own>,
): ServiceDefinition<C, S, Own> {
  if (!/^[a-z][a-z0-9]*$/.test(def.name)) throw new Error(`service name "${def.name}" must be lower-case letters and digits`);
  if (def.contract && def.contract.service !== def.name) throw new Error(`service ${def.name} serves contract ${def.contract.service}`);
  if (def.contract && !def.handlers) throw new Error(`service ${def.name} has a contract but no handlers`);
  if (def.consumers && !def.migrations)
    throw new Error(`service ${def.name} has consumers but no migrations folder (its inbox lives in its schema)`);
  return def;
}
