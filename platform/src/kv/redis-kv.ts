// The Redis Kv adapter for the cluster mode: ioredis with auto-pipelining, a key prefix per user,
// and scripts called by SHA. Argument checks match the embedded store so both fail alike.
import type { Redis, RedisOptions } from 'ioredis';
import type * as IoRedisModule from 'ioredis';
import { lazyModule } from '../lazy/index.ts';
import { assertIncrement, assertTtlMs } from './arguments.ts';
import type { Kv, KvScript, ScriptReply, SetOptions } from './port.ts';
import { RedisScripts } from './redis-scripts.ts';
import { scriptArgs } from './script.ts';

const ioredis = lazyModule<typeof IoRedisModule>('ioredis');

export interface RedisKvOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** Prepended to every key (scripts' KEYS included), so services and test runs sharing a server do not collide. */
  prefix?: string;
  /** Passed to ioredis as is (timeouts, retry strategy, TLS). */
  redis?: RedisOptions;
}

export class RedisKv implements Kv {
  private readonly redis: Redis;
  private readonly scripts: RedisScripts;
  private closed = false;

  constructor(opts: RedisKvOptions) {
    this.redis = new (ioredis().Redis)(opts.url, { ...opts.redis, keyPrefix: opts.prefix ?? '', enableAutoPipelining: true });
    this.scripts = new RedisScripts(this.redis);
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, opts: SetOptions = {}): Promise<boolean> {
    const { ttlMs, onlyIfAbsent } = opts;
    if (ttlMs !== undefined) assertTtlMs(ttlMs);
    const reply =
      ttlMs === undefined
        ? onlyIfAbsent
          ? await this.redis.set(key, value, 'NX')
          : await this.redis.set(key, value)
        : onlyIfAbsent
          ? await this.redis.set(key, value, 'PX', ttlMs, 'NX')
          : await this.redis.set(key, value, 'PX', ttlMs);
    return reply === 'OK';
  }

  async del(...keys: string[]): Promise<number> {
    return keys.length === 0 ? 0 : this.redis.del(...keys);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    assertTtlMs(ttlMs);
    return (await this.redis.pexpire(key, ttlMs)) === 1;
  }

  ttl(key: string): Promise<number> {
    return this.redis.pttl(key);
  }

  async incrBy(key: string, by: number): Promise<number> {
    assertIncrement(by);
    return this.redis.incrby(key, by);
  }

  async mget(keys: string[]): Promise<(string | null)[]> {
    return keys.length === 0 ? [] : this.redis.mget(keys);
  }

  hget(key: string, field: string): Promise<string | null> {
    return this.redis.hget(key, field);
  }

  hset(key: string, field: string, value: string): Promise<number>;
  hset(key: string, values: Record<string, string>): Promise<number>;
  async hset(key: string, fieldOrValues: string | Record<string, string>, value?: string): Promise<number> {
    if (typeof fieldOrValues === 'string') {
      if (value === undefined) throw new TypeError('hset(key, field, value) needs a value');
      return this.redis.hset(key, fieldOrValues, value);
    }
    return Object.keys(fieldOrValues).length === 0 ? 0 : this.redis.hset(key, fieldOrValues);
  }

  hgetall(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(key);
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    return fields.length === 0 ? 0 : this.redis.hdel(key, ...fields);
  }

  async hincrBy(key: string, field: string, by: number): Promise<number> {
    assertIncrement(by);
    return this.redis.hincrby(key, field, by);
  }

  async sadd(key: string, ...members: string[]): Promise<number> {
    return members.length === 0 ? 0 : this.redis.sadd(key, ...members);
  }

  async srem(key: string, ...members: string[]): Promise<number> {
    return members.length === 0 ? 0 : this.redis.srem(key, ...members);
  }

  smembers(key: string): Promise<string[]> {
    return this.redis.smembers(key);
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return (await this.redis.sismember(key, member)) === 1;
  }

  scard(key: string): Promise<number> {
    return this.redis.scard(key);
  }

  async run<R extends ScriptReply>(script: KvScript<R>, keys: string[], args: (string | number)[]): Promise<R> {
    // The reply's shape is the script's promise, held to its embedded twin by the conformance suite.
    return (await this.scripts.run(script, keys, scriptArgs(args))) as R;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.quit();
  }
}
