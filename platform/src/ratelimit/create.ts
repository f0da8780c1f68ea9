// Picks the rate-limit store for the run mode: 'embedded' (process memory) for all-in-one, 'redis' for the
// cluster. The Redis address comes from MALL_REDIS_URL unless the caller passes one, as for the Kv port.
import type { RedisOptions } from 'ioredis';
import { redisUrlFromEnv } from '../kv/index.ts';
import { MemoryRateLimitStore } from './memory-store.ts';
import type { OwnedRateLimiter, RateLimitOptions, RateLimitStore } from './port.ts';
import { RedisRateLimitStore } from './redis-store.ts';

export type RateLimitKind = 'redis' | 'embedded';

export interface RateLimitStoreOptions {
  /** redis only; defaults to MALL_REDIS_URL, then redis://127.0.0.1:6379. */
  url?: string;
  /** redis only: passed to ioredis as is. */
  redis?: RedisOptions;
  /** redis only: told about connection failures while the limiters count in memory. */
  onConnectionError?: (err: Error) => void;
}

/** One connection for many limiters: what a service with several limits, rebuilt on config changes, wants. */
export function openRateLimitStore(kind: RateLimitKind, opts: RateLimitStoreOptions = {}): RateLimitStore {
  if (kind === 'embedded') return new MemoryRateLimitStore();
  return new RedisRateLimitStore({
    url: opts.url ?? redisUrlFromEnv(),
    ...(opts.redis ? { redis: opts.redis } : {}),
    ...(opts.onConnectionError ? { onConnectionError: opts.onConnectionError } : {}),
  });
}

/** A single limiter with its own connection; close() releases it. */
export function createRateLimiter(kind: RateLimitKind, opts: RateLimitOptions & RateLimitStoreOptions): OwnedRateLimiter {
  const store = openRateLimitStore(kind, opts);
  const limiter = store.limiter(opts);
  return {
    points: limiter.points,
    durationSeconds: limiter.durationSeconds,
    consume: (key, points) => limiter.consume(key, points),
    penalty: (key, points) => limiter.penalty(key, points),
    reward: (key, points) => limiter.reward(key, points),
    get: (key) => limiter.get(key),
    reset: (key) => limiter.reset(key),
    close: () => store.close(),
  };
}

/** Whole seconds for a Retry-After header: rounded up, never 0 (0 would invite an immediate retry). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** The store kind for a run mode: the cluster counts in Redis, the all-in-one process in memory. */
export function rateLimitKindFor(mode: 'real' | 'embedded'): RateLimitKind {
  return mode === 'real' ? 'redis' : 'embedded';
}
