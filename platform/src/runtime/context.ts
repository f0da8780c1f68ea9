// What a service's code receives from the runtime: its configuration, its own database schema,
// its KV namespace, locks, rate limits, read-through caches, its bus, a logger, health checks, and clients for the contracts it depends on.
import type { Contract } from '@mall/contracts';
import type { Bus } from '../bus/index.ts';
import type { BlobStore } from '../blob/index.ts';
import type { Cache, CacheOptions } from '../cache/index.ts';
import type { LiveConfig } from '../config/index.ts';
import type { ServiceDb } from '../db/index.ts';
import type { Kv } from '../kv/index.ts';
import type { Locks } from '../locks/index.ts';
import type { Health, Logger } from '../observability/index.ts';
import type { RateLimits } from '../ratelimit/index.ts';
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
  /**
   * Rate limits where the run mode counts them (Redis in the cluster, process memory all-in-one), opened on first
   * use and closed by the runtime when the service stops: a service never opens a store of its own.
   */
  readonly rateLimits: RateLimits;
  /**
   * Opens a read-through cache of this service (LRU → the run mode's KV → `opts.load`), hearing its invalidations
   * from every other instance; closed by the runtime when the service stops. One per name: call it in setup.
   */
  cache(name: string, opts: CacheOptions): Promise<Cache>;
  /**
   * This service's blob store (product images, uploads): a folder of its own under the data folder
   * (`<MALL_DATA_DIR>/blobs/<service>`) in both run modes, opened on first use. S3 or MinIO would plug in here.
   */
  readonly blobs: BlobStore;
  /**
   * The run's data folder (MALL_DATA_DIR, `./data` by default), an absolute path: a service that keeps files of its
   * own (other than blobs) keeps them in a folder under it, never relative to the working directory.
   */
  readonly dataDir: string;
  readonly health: Health;
  /** The client of a contract named in `dependsOn`. */
  client<C extends Contract>(contract: C): Client<C>;
}
