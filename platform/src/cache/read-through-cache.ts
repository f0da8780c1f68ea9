// A multi-level read-through cache of serialized values: this process's LRU → the shared KV (Redis) → the loader.
// A hit hands back the stored text untouched (no parse/stringify); misses, stampedes and changes are guarded below.
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { BROADCAST_PREFIX, type Broker, type Consumption } from '../bus/index.ts';
import type { Kv } from '../kv/index.ts';
import type { Lock, Locks } from '../locks/index.ts';
import { metrics, type Logger } from '../observability/index.ts';
import { KnownKeys } from './known-keys.ts';
import { jitteredTtl, resolveCacheOptions, type CacheOptions, type ResolvedCacheOptions } from './options.ts';

/** What a cache needs from the kernel: the service's KV namespace, the locks and the broker of the run mode. */
export interface CacheDeps {
  service: string;
  kv: Kv;
  locks: Locks;
  broker: Broker;
  log?: Logger;
}

export interface Cache {
  readonly name: string;
  /** The serialized value of a key (as the loader returned it), or null when the key does not exist. */
  get(key: string): Promise<string | null>;
  /**
   * The key changed, was created or deleted: drops it from Redis and from this process's LRU, tells every other
   * instance to drop it from theirs, and marks it as existing for the Bloom filters. Call it after the commit.
   * Rejects if Redis or the broker failed (after trying both): the change is not yet seen everywhere.
   */
  invalidate(key: string): Promise<void>;
  /** Reads the loader's list of ids again into the Bloom filter (a no-op without `knownKeys`). */
  rebuildKnownKeys(): Promise<void>;
  /** Stops hearing invalidations and empties the LRU; the kernel's kv, locks and broker stay open. */
  close(): Promise<void>;
}

/** A negative entry: no JSON text starts with U+0000, so it can never be a stored value. */
const ABSENT = '\u0000';

interface InvalidationMessage {
  key: string;
  /** The cache object that sent it, which already dropped the key and ignores its own message. */
  from: string;
}

type Lookup = 'local_hit' | 'redis_hit' | 'negative_hit' | 'bloom_rejected' | 'miss' | 'coalesced';
type LoadOutcome = 'found' | 'absent' | 'oversized' | 'failed';

/** Opens a cache and starts hearing its invalidations; `ctx.cache(name, opts)` does this for a service. */
export async function openCache(deps: CacheDeps, name: string, opts: CacheOptions): Promise<Cache> {
  const cache = new ReadThroughCache(deps, name, resolveCacheOptions(name, opts));
  try {
    await cache.listen();
  } catch (err) {
    await cache.close();
    throw err;
  }
  return cache;
}

export class ReadThroughCache implements Cache {
  private readonly lru: LRUCache<string, string>;
  /** One load per key at a time in this process (single-flight): every concurrent miss waits for it. */
  private readonly inflight = new Map<string, Promise<string | null>>();
  private readonly knownKeys: KnownKeys | undefined;
  private readonly subject: string;
  private readonly self = randomUUID();
  private readonly lookups: Record<Lookup, { inc(): void }>;
  private readonly loads: Record<LoadOutcome, { inc(): void }>;
  private listening: Consumption | undefined;
  private refreshing: NodeJS.Timeout | undefined;
  /**
   * Bumped by every invalidation heard or made: a fill that began before one must not put what it read (maybe
   * the old value) into the LRU after the key was dropped from it.
   */
  private epoch = 0;
  private closed = false;

  constructor(
    private readonly deps: CacheDeps,
    readonly name: string,
    private readonly opts: ResolvedCacheOptions,
  ) {
    this.lru = new LRUCache<string, string>({
      max: opts.maxEntries,
      maxSize: opts.maxBytes,
      sizeCalculation: (value, key) => Buffer.byteLength(value) + Buffer.byteLength(key),
      ttl: opts.localTtlMs,
    });
    // A broadcast subject: heard by every instance listening, kept by the broker for a minute at most.
    this.subject = `${BROADCAST_PREFIX}${deps.service}.cache.${name}`;
    this.knownKeys = opts.knownKeys
      ? new KnownKeys(opts.knownKeys, (err) => deps.log?.error({ err, cache: name }, 'cache: the list of known keys could not be read'))
      : undefined;
    const refreshMs = opts.knownKeys?.refreshMs ?? 5 * 60_000;
    if (this.knownKeys && refreshMs > 0) {
      const known = this.knownKeys;
      this.refreshing = setInterval(() => void known.rebuild(), refreshMs).unref();
    }
    const lookup = (outcome: Lookup) => metrics.cacheLookups.labels({ cache: this.label, outcome });
    const load = (outcome: LoadOutcome) => metrics.cacheLoads.labels({ cache: this.label, outcome });
    this.lookups = {
      local_hit: lookup('local_hit'),
      redis_hit: lookup('redis_hit'),
      negative_hit: lookup('negative_hit'),
      bloom_rejected: lookup('bloom_rejected'),
      miss: lookup('miss'),
      coalesced: lookup('coalesced'),
    };
    this.loads = { found: load('found'), absent: load('absent'), oversized: load('oversized'), failed: load('failed') };
  }

  /** The metrics label: `<service>.<cache>`. */
  get label(): string {
    return `${this.deps.service}.${this.name}`;
  }

  /** Entries and bytes held by the LRU (for tests and diagnostics). */
  get localSize(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  async listen(): Promise<void> {
    this.listening = await this.deps.broker.listen(this.subject, async (message) => {
      const heard = JSON.parse(Buffer.from(message.data).toString('utf8')) as InvalidationMessage;
      if (heard.from === this.self) return;
      this.forget(heard.key);
      // A fill of this instance may have written what it read before the change after the sender's delete: drop that too.
      await this.deps.kv
        .del(this.kvKey(heard.key))
        .catch((err: unknown) =>
          this.deps.log?.warn({ err, cache: this.label }, 'cache: Redis unreachable while dropping an invalidated key'),
        );
    });
  }

  async get(key: string): Promise<string | null> {
    this.assertOpen();
    const local = this.lru.get(key);
    if (local !== undefined) {
      this.lookups[local === ABSENT ? 'negative_hit' : 'local_hit'].inc();
      return local === ABSENT ? null : local;
    }
    if (this.knownKeys && !(await this.knownKeys.mightExist(key))) {
      this.lookups.bloom_rejected.inc();
      return null;
    }
    const flight = this.inflight.get(key);
    if (flight) {
      this.lookups.coalesced.inc();
      return flight;
    }
    const fill = this.fill(key).finally(() => {
      if (this.inflight.get(key) === fill) this.inflight.delete(key);
    });
    this.inflight.set(key, fill);
    return fill;
  }

  async invalidate(key: string): Promise<void> {
    this.assertOpen();
    this.forget(key);
    const message: InvalidationMessage = { key, from: this.self };
    // Both, even if one fails: with Redis away the other instances must still drop their copies, and the reverse.
    const [deleted, told] = await Promise.allSettled([
      this.deps.kv.del(this.kvKey(key)),
      this.deps.broker.publish({ id: randomUUID(), subject: this.subject, data: Buffer.from(JSON.stringify(message)), headers: {} }),
    ]);
    for (const outcome of [deleted, told]) if (outcome.status === 'rejected') throw outcome.reason;
  }

  async rebuildKnownKeys(): Promise<void> {
    await this.knownKeys?.rebuild();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.refreshing);
    await this.listening?.stop();
    this.lru.clear();
  }

  private forget(key: string): void {
    this.epoch++;
    this.lru.delete(key);
    // A load in flight may have read the old row: reads from now on start their own.
    this.inflight.delete(key);
    this.knownKeys?.add(key);
  }

  /** Redis, then the loader under a cross-instance lock; Redis trouble degrades to loading in this instance alone. */
  private async fill(key: string): Promise<string | null> {
    const epoch = this.epoch;
    let stored: string | null;
    try {
      stored = await this.deps.kv.get(this.kvKey(key));
    } catch (err) {
      this.deps.log?.warn({ err, cache: this.label }, 'cache: Redis unreachable; loading without the shared level');
      return this.load(key, epoch, { shared: false });
    }
    if (stored !== null) return this.found(key, stored, epoch);
    let lock: Lock | null = null;
    try {
      // Breakdown guard: one instance rebuilds a key at a time; the others wait here, then find its value in Redis.
      lock = await this.deps.locks.acquire(this.lockName(key), { ttlMs: this.opts.lockTtlMs, waitMs: this.opts.lockWaitMs });
      if (lock) {
        const filled = await this.deps.kv.get(this.kvKey(key));
        if (filled !== null) return this.found(key, filled, epoch);
      }
    } catch (err) {
      await lock?.release().catch(() => undefined);
      this.deps.log?.warn({ err, cache: this.label }, 'cache: rebuild lock unavailable; loading without it');
      return this.load(key, epoch, { shared: false });
    }
    // No lock after lockWaitMs (a slow or dead rebuilder): load anyway rather than fail the read.
    try {
      return await this.load(key, epoch, { shared: true });
    } finally {
      await lock?.release().catch((err: unknown) => this.deps.log?.warn({ err, cache: this.label }, 'cache: rebuild lock release failed'));
    }
  }

  private found(key: string, stored: string, epoch: number): string | null {
    this.lookups[stored === ABSENT ? 'negative_hit' : 'redis_hit'].inc();
    this.remember(key, stored, epoch);
    return stored === ABSENT ? null : stored;
  }

  private async load(key: string, epoch: number, { shared }: { shared: boolean }): Promise<string | null> {
    this.lookups.miss.inc();
    let value: string | null;
    try {
      value = await this.opts.load(key);
    } catch (err) {
      this.loads.failed.inc();
      throw err;
    }
    if (value !== null && value.charCodeAt(0) === 0) throw new Error(`cache ${this.label}: a loaded value must not start with U+0000`);
    if (value !== null && Buffer.byteLength(value) > this.opts.maxValueBytes) {
      this.loads.oversized.inc();
      this.deps.log?.warn(
        { cache: this.label, key, bytes: Buffer.byteLength(value) },
        'cache: value over maxValueBytes served without caching',
      );
      return value;
    }
    this.loads[value === null ? 'absent' : 'found'].inc();
    const stored = value ?? ABSENT;
    // An invalidation heard during the load means the value read may predate the change: serve it, share it nowhere.
    if (shared && epoch === this.epoch) await this.share(key, stored);
    this.remember(key, stored, epoch);
    return value;
  }

  /** Writes to Redis with a jittered TTL; a failed write is logged, the value is still served. */
  private async share(key: string, stored: string): Promise<void> {
    const ttlMs = jitteredTtl(stored === ABSENT ? this.opts.negativeTtlMs : this.opts.ttlMs, this.opts.ttlJitter);
    try {
      await this.deps.kv.set(this.kvKey(key), stored, { ttlMs });
    } catch (err) {
      this.deps.log?.warn({ err, cache: this.label }, 'cache: Redis write failed; the value is served from this instance only');
    }
  }

  private remember(key: string, stored: string, epoch: number): void {
    if (epoch !== this.epoch || this.closed) return;
    this.lru.set(key, stored, stored === ABSENT ? { ttl: Math.min(this.opts.negativeTtlMs, this.opts.localTtlMs) } : undefined);
  }

  private kvKey(key: string): string {
    return `cache:${this.name}:${key}`;
  }

  private lockName(key: string): string {
    return `cache:${this.deps.service}:${this.name}:${key}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`cache ${this.label} is closed`);
  }
}
