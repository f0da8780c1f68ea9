// The key/value port: strings, counters, hashes, sets and atomic scripts, with Redis semantics.
// Business code and the other kernel concerns depend on this interface only, never on a driver.

export interface SetOptions {
  /** Expire the key after this many milliseconds (a positive integer). Without it the key never expires. */
  ttlMs?: number;
  /** Write only when the key does not exist (Redis NX); `set` then answers false when it existed. */
  onlyIfAbsent?: boolean;
}

/** What a script may return so that Redis and the embedded store answer the same: integers, strings, null, arrays of them. */
export type ScriptReply = number | string | null | ScriptReply[];

/**
 * The embedded store as an embedded script sees it: the same operations as the port, synchronous,
 * on the full (already prefixed) keys, so that a script runs without interleaving, like Lua in Redis.
 */
export interface EmbeddedStoreAccess {
  get(key: string): string | null;
  set(key: string, value: string, opts?: SetOptions): boolean;
  del(...keys: string[]): number;
  exists(key: string): boolean;
  expire(key: string, ttlMs: number): boolean;
  ttl(key: string): number;
  incrBy(key: string, by: number): number;
  mget(keys: string[]): (string | null)[];
  hget(key: string, field: string): string | null;
  hset(key: string, fieldOrValues: string | Record<string, string>, value?: string): number;
  hgetall(key: string): Record<string, string>;
  hdel(key: string, ...fields: string[]): number;
  hincrBy(key: string, field: string, by: number): number;
  sadd(key: string, ...members: string[]): number;
  srem(key: string, ...members: string[]): number;
  smembers(key: string): string[];
  sismember(key: string, member: string): boolean;
  scard(key: string): number;
}

/**
 * An atomic operation written twice: Lua for Redis and a function for the embedded store.
 * The kv conformance suite holds the two equal. Like Redis, arguments reach both as strings.
 */
export interface KvScript<R extends ScriptReply> {
  name: string;
  lua: string;
  embedded: (store: EmbeddedStoreAccess, keys: string[], args: string[]) => R;
}

export interface Kv {
  get(key: string): Promise<string | null>;
  /** Answers false only when `onlyIfAbsent` is set and the key exists. A plain set clears any previous TTL. */
  set(key: string, value: string, opts?: SetOptions): Promise<boolean>;
  /** Answers how many of the keys existed. */
  del(...keys: string[]): Promise<number>;
  exists(key: string): Promise<boolean>;
  /** Answers false when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Milliseconds left; -1 when the key has no expiry; -2 when it does not exist (Redis PTTL). */
  ttl(key: string): Promise<number>;
  /** A missing key counts as 0; a value that is not an integer is an error. */
  incrBy(key: string, by: number): Promise<number>;
  mget(keys: string[]): Promise<(string | null)[]>;
  hget(key: string, field: string): Promise<string | null>;
  /** Answers how many fields were new. */
  hset(key: string, field: string, value: string): Promise<number>;
  hset(key: string, values: Record<string, string>): Promise<number>;
  /** An empty object when the hash does not exist. */
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  hincrBy(key: string, field: string, by: number): Promise<number>;
  /** Answers how many members were new. */
  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  /** In no particular order. */
  smembers(key: string): Promise<string[]>;
  sismember(key: string, member: string): Promise<boolean>;
  scard(key: string): Promise<number>;
  /** Runs a script atomically: no other operation on the store interleaves with it. */
  run<R extends ScriptReply>(script: KvScript<R>, keys: string[], args: (string | number)[]): Promise<R>;
  /** Idempotent. Every later operation is rejected. */
  close(): Promise<void>;
}
