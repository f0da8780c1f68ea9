// Picks the Kv adapter for the run mode: 'embedded' for all-in-one, 'redis' for the cluster.
// The Redis address comes from MALL_REDIS_URL unless the caller passes one.
import type { RedisOptions } from 'ioredis';
import { EmbeddedKv } from './embedded-kv.ts';
import type { EmbeddedStore } from './embedded-store.ts';
import type { Kv } from './port.ts';
import { RedisKv } from './redis-kv.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface CreateKvOptions {
  /** Prepended to every key; give each service (and each test run) its own. */
  prefix?: string;
  /** redis only; defaults to MALL_REDIS_URL, then redis://127.0.0.1:6379. */
  url?: string;
  /** redis only: passed to ioredis as is. */
  redis?: RedisOptions;
  /** embedded only: defaults to the process-wide store. */
  store?: EmbeddedStore;
}

export function createKv(kind: 'redis' | 'embedded', opts: CreateKvOptions = {}): Kv {
  if (kind === 'embedded') return new EmbeddedKv({ prefix: opts.prefix, store: opts.store });
  return new RedisKv({ url: opts.url ?? redisUrlFromEnv(), prefix: opts.prefix, redis: opts.redis });
}

export function redisUrlFromEnv(): string {
  return process.env.MALL_REDIS_URL || DEFAULT_REDIS_URL;
}
