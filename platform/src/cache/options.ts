// A read-through cache's options, their defaults and checks, in one place.
import type { KnownKeysOptions } from './known-keys.ts';

export interface CacheOptions {
  /**
   * Reads the serialized value (JSON text) of a key from the source of truth, or null when the key does not
   * exist (then cached as a short-lived negative entry). The text is stored and served as it is.
   */
  load(key: string): Promise<string | null>;
  /** Lifetime of a value in Redis (the shared level), before jitter. */
  ttlMs: number;
  /** Avalanche guard: each Redis write lives ttlMs × (1 + a random share up to ttlJitter), so keys written together expire apart. Default 0.2. */
  ttlJitter?: number;
  /** Lifetime of a value in this process's LRU; bounds how stale an instance can be if it missed an invalidation. Default min(ttlMs, 30 s). */
  localTtlMs?: number;
  /** Lifetime of a negative entry (a key the loader did not find), in Redis and in the LRU. Default min(ttlMs, 30 s). */
  negativeTtlMs?: number;
  /** LRU bound on entries. Default 10 000. */
  maxEntries?: number;
  /** LRU bound on the bytes of the values it holds (UTF-8). Default 32 MiB. */
  maxBytes?: number;
  /** A loaded value larger than this (UTF-8 bytes) is served but cached nowhere. Default 512 KiB. */
  maxValueBytes?: number;
  /** The cross-instance rebuild lock lapses after this (a loader that hangs must not block the key for ever). Default 5 s. */
  lockTtlMs?: number;
  /** How long a miss waits for another instance's rebuild before loading by itself. Default 3 s. */
  lockWaitMs?: number;
  /** Penetration guard: the ids that exist, kept as a Bloom filter; a key it never saw is answered null at once. */
  knownKeys?: KnownKeysOptions;
}

export type ResolvedCacheOptions = Required<Omit<CacheOptions, 'knownKeys'>> & Pick<CacheOptions, 'knownKeys'>;

const SECOND = 1000;

export function resolveCacheOptions(name: string, opts: CacheOptions): ResolvedCacheOptions {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`cache name "${name}" must be lower-case letters, digits and dashes`);
  const shortTtl = Math.min(opts.ttlMs, 30 * SECOND);
  const resolved: ResolvedCacheOptions = {
    load: opts.load,
    ttlMs: opts.ttlMs,
    ttlJitter: opts.ttlJitter ?? 0.2,
    localTtlMs: opts.localTtlMs ?? shortTtl,
    negativeTtlMs: opts.negativeTtlMs ?? shortTtl,
    maxEntries: opts.maxEntries ?? 10_000,
    maxBytes: opts.maxBytes ?? 32 * 1024 * 1024,
    maxValueBytes: opts.maxValueBytes ?? 512 * 1024,
    lockTtlMs: opts.lockTtlMs ?? 5 * SECOND,
    lockWaitMs: opts.lockWaitMs ?? 3 * SECOND,
    knownKeys: opts.knownKeys,
  };
  for (const field of ['ttlMs', 'localTtlMs', 'negativeTtlMs', 'maxEntries', 'maxBytes', 'maxValueBytes', 'lockTtlMs'] as const) {
    const value = resolved[field];
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new RangeError(`cache ${name}: ${field} must be a positive integer, got ${value}`);
  }
  if (!Number.isSafeInteger(resolved.lockWaitMs) || resolved.lockWaitMs < 0)
    throw new RangeError(`cache ${name}: lockWaitMs must be a non-negative integer, got ${resolved.lockWaitMs}`);
  if (!(resolved.ttlJitter >= 0 && resolved.ttlJitter <= 1))
    throw new RangeError(`cache ${name}: ttlJitter must be in [0, 1], got ${resolved.ttlJitter}`);
  return resolved;
}

/** A TTL spread over [ttlMs, ttlMs × (1 + jitter)]. */
export function jitteredTtl(ttlMs: number, jitter: number, random: () => number = Math.random): number {
  return ttlMs + Math.floor(random() * ttlMs * jitter);
}
