// What a service's code receives from the runtime: its configuration, its own database schema,
// its KV namespace, locks, its bus, a logger, health checks, and clients for the contracts it depends on.
import type { Contract } from '@mall/contracts';
import type { Bus } from '../bus/index.ts';
import type { LiveConfig } from '../config/index.ts';
import type { ServiceDb } from '../db/index.ts';
import type { Kv } from '../kv/index.ts';
import type { Locks } from '../locks/index.ts';
import type { Health, Logger } from '../observability/index.ts';
import type { Client } from '../rpc/index.ts';

export type RunMode = 'embedded' | 'real';

export interface ServiceContext<Cfg = unknown> {
  readonly name: string;
  readonly instanceId: string;
  readonly mode: RunMode;
  readonly log: Logger;
  readonly config: LiveConfig<Cfg>;
  readonly db: ServiceDb;
  /** Publishes events through the service's outbox: call `bus.publish(tx, ...)` inside `db.transaction`. */
  readonly bus: Bus;
  readonly kv: Kv;
  readonly locks: Locks;
  readonly health: Health;
  /** The client of a contract named in `dependsOn`. */
  client<C extends Contract>(contract: C): Client<C>;
}
