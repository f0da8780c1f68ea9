// The in-process Kv adapter for the all-in-one mode: an async face over an EmbeddedStore.
// Scripts run synchronously against the store, so nothing interleaves with them, as with Lua in Redis.
import type { EmbeddedStore } from './embedded-store.ts';
import { sharedEmbeddedStore } from './embedded-store.ts';
import type { Kv, KvScript, ScriptReply, SetOptions } from './port.ts';
import { scriptArgs } from './script.ts';

export interface EmbeddedKvOptions {
  /** Defaults to the process-wide store, so that kvs with the same prefix see the same keys, as on one Redis. */
  store?: EmbeddedStore;
  /** Prepended to every key, like RedisKv's prefix. */
  prefix?: string;
}

export class EmbeddedKv implements Kv {
  private readonly store: EmbeddedStore;
  private readonly prefix: string;
  private closed = false;

  constructor(opts: EmbeddedKvOptions = {}) {
    this.store = opts.store ?? sharedEmbeddedStore();
    this.prefix = opts.prefix ?? '';
  }

  async get(key: string): Promise<string | null> {
    return this.open().get(this.full(key));
  }

  async set(key: string, value: string, opts?: SetOptions): Promise<boolean> {
    return this.open().set(this.full(key), value, opts);
  }

  async del(...keys: string[]): Promise<number> {
    return this.open().del(...keys.map((key) => this.full(key)));
  }

  async exists(key: string): Promise<boolean> {
    return this.open().exists(this.full(key));
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    return this.open().expire(this.full(key), ttlMs);
  }

  async ttl(key: string): Promise<number> {
    return this.open().ttl(this.full(key));
  }

  async incrBy(key: string, by: number): Promise<number> {
    return this.open().incrBy(this.full(key), by);
  }

  async mget(keys: string[]): Promise<(string | null)[]> {
    return this.open().mget(keys.map((key) => this.full(key)));
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.open().hget(this.full(key), field);
  }

  hset(key: string, field: string, value: string): Promise<number>;
  hset(key: string, values: Record<string, string>): Promise<number>;
  async hset(key: string, fieldOrValues: string | Record<string, string>, value?: string): Promise<number> {
    return this.open().hset(this.full(key), fieldOrValues, value);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.open().hgetall(this.full(key));
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    return this.open().hdel(this.full(key), ...fields);
  }

  async hincrBy(key: string, field: string, by: number): Promise<number> {
    return this.open().hincrBy(this.full(key), field, by);
  }

  async sadd(key: string, ...members: string[]): Promise<number> {
    return this.open().sadd(this.full(key), ...members);
  }

  async srem(key: string, ...members: string[]): Promise<number> {
    return this.open().srem(this.full(key), ...members);
  }

  async smembers(key: string): Promise<string[]> {
    return this.open().smembers(this.full(key));
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return this.open().sismember(this.full(key), member);
  }

  async scard(key: string): Promise<number> {
    return this.open().scard(this.full(key));
  }

  async run<R extends ScriptReply>(script: KvScript<R>, keys: string[], args: (string | number)[]): Promise<R> {
    const store = this.open();
    return script.embedded(
      store,
      keys.map((key) => this.full(key)),
      scriptArgs(args),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): EmbeddedStore {
    if (this.closed) throw new Error('kv is closed');
    return this.store;
  }

  private full(key: string): string {
    return this.prefix + key;
  }
}
