// defineService: the one place a service is wired — its contract and handlers, its configuration,
// its migrations, the contracts it calls, and its edge routes. The runtime does everything else.
import type { FastifyInstance } from 'fastify';
import type { TObject, Static } from 'typebox';
import type { Contract } from '@mall/contracts';
import type { ConsumerSpec, ListenerSpec } from '../bus/index.ts';
import type { Handlers } from '../rpc/index.ts';
import type { ServiceContext } from './context.ts';
import type { JobSpec } from './jobs.ts';

export interface ServiceDefinition<C extends Contract = Contract, S extends TObject = TObject> {
  name: string;
  /** The RPC contract this service serves; an edge-only service (the gateway) has none. */
  contract?: C;
  /** Schema (with defaults) of this service's own configuration, hot-reloaded from the config center. */
  config?: S;
  /** Folder of SQL migrations, applied at start to the service's own schema. */
  migrations?: string;
  /** Contracts this service calls; their clients are ready before the handlers are built. */
  dependsOn?: Contract[];
  handlers?: (ctx: ServiceContext<Static<S>>) => Handlers<C>;
  /** Durable event consumers; each delivery runs in a transaction of this service's schema (so it needs migrations). */
  consumers?: (ctx: ServiceContext<Static<S>>) => ConsumerSpec[];
  /**
   * Per-instance listeners: EVERY instance hears each event published after it started, at most once, with no
   * inbox or transaction (so no migrations needed). For caches that follow another service's facts.
   */
  listeners?: (ctx: ServiceContext<Static<S>>) => ListenerSpec[];
  /** Scheduled jobs; a singleton job (the default) runs on one instance of the cluster at a time. */
  jobs?: (ctx: ServiceContext<Static<S>>) => JobSpec[];
  /** Routes of an edge service, mounted on its HTTP server (in the all-in-one host: on the public port). */
  http?: (app: FastifyInstance, ctx: ServiceContext<Static<S>>) => void | Promise<void>;
  /** Called after the service is up and before it takes traffic; the returned function runs at shutdown. */
  start?: (ctx: ServiceContext<Static<S>>) => Promise<(() => Promise<void>) | void>;
}

export function defineService<C extends Contract, S extends TObject>(def: ServiceDefinition<C, S>): ServiceDefinition<C, S> {
  if (!/^[a-z][a-z0-9]*$/.test(def.name)) throw new Error(`service name "${def.name}" must be lower-case letters and digits`);
  if (def.contract && def.contract.service !== def.name) throw new Error(`service ${def.name} serves contract ${def.contract.service}`);
  if (def.contract && !def.handlers) throw new Error(`service ${def.name} has a contract but no handlers`);
  if (def.consumers && !def.migrations) throw new Error(`service ${def.name} has consumers but no migrations folder (its inbox lives in its schema)`);
  return def;
}
