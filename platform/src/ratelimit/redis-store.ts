// Rate limits in Redis for the cluster mode: every instance counts in the same keys, one atomic Lua call
// per hit. While Redis is unreachable each limiter falls back to counting in this process (its insurance),
// so an outage loosens the limits to per-instance ones instead of refusing or stalling every request.
import type { Redis, RedisOptions } from 'ioredis';
import type * as IoRedisModule from 'ioredis';
import { lazyModule } from '../lazy/index.ts';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { assertLimitOptions, FlexibleRateLimiter } from './flexible-limiter.ts';
import {
  consumeOneByOne,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitStep,
  type RateLimitStore,
} from './port.ts';
import { consumeBucketsInOrder, RedisTokenBucket } from './token-bucket.ts';

const ioredis = lazyModule<typeof IoRedisModule>('ioredis');

export interface RedisRateLimitStoreOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** Passed to ioredis as is (timeouts, TLS). */
  redis?: RedisOptions;
  /** Told about connection failures (ioredis retries by itself); the limiters meanwhile count in memory. */
  onConnectionError?: (err: Error) => void;
}

/** How long the first hits wait for the first connection before counting in memory. */
const FIRST_CONNECT_WAIT_MS = 2_000;

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  /** Settles once the first connection is up or has failed, so the first hits after a start count in Redis. */
  private readonly firstConnect: Promise<void>;
  private closed = false;

  constructor(opts: RedisRateLimitStoreOptions) {
    // No offline queue: a hit must not wait for a reconnect, the insurance limiter answers instead.
    this.redis = new (ioredis().Redis)(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      ...opts.redis,
      enableAutoPipelining: true,
    });
    // Without a listener ioredis prints every failed reconnect; the caller decides whether to log them.
    this.redis.on('error', opts.onConnectionError ?? (() => undefined));
    this.firstConnect = firstConnectOf(this.redis);
  }

  limiter(opts: RateLimitOptions): RateLimiter {
    assertLimitOptions(opts);
    if (opts.algorithm === 'token-bucket') return new RedisTokenBucket(this.redis, opts, () => this.firstConnect);
    const common = { keyPrefix: opts.prefix, points: opts.points, duration: opts.durationSeconds, blockDuration: opts.blockSeconds ?? 0 };
    const inner = new RateLimiterRedis({
      ...common,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(common),
    });
    return new FlexibleRateLimiter(inner, opts, () => this.firstConnect);
  }

  /** Token buckets of this store: one Lua call for all the steps; anything else, or Redis away: one by one. */
  async consumeInOrder(steps: readonly RateLimitStep[]): Promise<RateLimitDecision[]> {
    const buckets = steps.map((s) =>
      s.limiter instanceof RedisTokenBucket && s.limiter.countsIn(this.redis)
        ? { bucket: s.limiter, key: s.key, points: s.points ?? 1 }
        : undefined,
    );
    if (steps.length < 2 || buckets.some((b) => b === undefined)) return consumeOneByOne(steps);
    await this.firstConnect;
    if (this.redis.status !== 'ready') return consumeOneByOne(steps);
    return consumeBucketsInOrder(this.redis, buckets as Array<{ bucket: RedisTokenBucket; key: string; points: number }>);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}

function firstConnectOf(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
    timer.unref();
    const settle = (): void => {
      clearTimeout(timer);
      redis.off('ready', settle).off('error', settle).off('end', settle);
      resolve();
    };
    redis.on('ready', settle).on('error', settle).on('end', settle);
  });
}
