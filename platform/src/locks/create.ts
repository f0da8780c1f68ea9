// Picks the Locks adapter for the run mode: 'embedded' for all-in-one, 'redis' or 'etcd' for the cluster.
// Addresses come from MALL_REDIS_URL and MALL_ETCD_ENDPOINTS unless the caller passes them.
import type { EmbeddedStore } from '../kv/index.ts';
import { redisUrlFromEnv } from '../kv/index.ts';
import { etcdEndpoints } from '../etcd/index.ts';
import { EtcdLocks } from './etcd-locks.ts';
import { EmbeddedLocks, RedisLocks } from './kv-locks.ts';
import type { Locks } from './port.ts';

export const DEFAULT_KV_LOCKS_PREFIX = 'mall:locks:';

export interface CreateLocksOptions {
  /** Key prefix; defaults to 'mall:locks:' (redis, embedded) or 'mall/locks/' (etcd). */
  prefix?: string;
  /** redis only; defaults to MALL_REDIS_URL, then redis://127.0.0.1:6379. */
  url?: string;
  /** etcd only; defaults to MALL_ETCD_ENDPOINTS (comma-separated), then http://127.0.0.1:2379. */
  endpoints?: string[];
  /** embedded only; defaults to the process-wide store. */
  store?: EmbeddedStore;
}

export function createLocks(kind: 'redis' | 'etcd' | 'embedded', opts: CreateLocksOptions = {}): Locks {
  switch (kind) {
    case 'embedded':
      return new EmbeddedLocks({ prefix: opts.prefix ?? DEFAULT_KV_LOCKS_PREFIX, store: opts.store });
    case 'redis':
      return new RedisLocks({ url: opts.url ?? redisUrlFromEnv(), prefix: opts.prefix ?? DEFAULT_KV_LOCKS_PREFIX });
    case 'etcd':
      return new EtcdLocks({ endpoints: opts.endpoints ?? etcdEndpoints(), prefix: opts.prefix });
  }
}
