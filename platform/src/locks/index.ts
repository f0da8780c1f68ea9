// Public entry of @mall/platform/locks: the Locks port (locks with fencing tokens, leader election),
// its adapters over the Kv port (Redis, embedded) and over etcd, and the factory.
export type { AcquireOptions, Campaign, CampaignOptions, Lock, Locks } from './port.ts';
export { DEFAULT_CAMPAIGN_TTL_MS } from './options.ts';
export { KvLocks, RedisLocks, EmbeddedLocks, type KvLocksOptions } from './kv-locks.ts';
export { EtcdLocks, DEFAULT_ETCD_LOCKS_PREFIX, type EtcdLocksOptions } from './etcd-locks.ts';
export { createLocks, DEFAULT_KV_LOCKS_PREFIX, type CreateLocksOptions } from './create.ts';
