// The in-process store behind EmbeddedKv (all-in-one mode): strings, hashes and sets with Redis semantics,
// TTLs expired lazily on access plus a periodic unref'd sweep so that untouched keys do not pile up.
import { performance } from 'node:perf_hooks';
import { assertIncrement, assertTtlMs } from './arguments.ts';
import type { EmbeddedStoreAccess, SetOptions } from './port.ts';

type Value = { kind: 'string'; value: string } | { kind: 'hash'; value: Map<string, string> } | { kind: 'set'; value: Set<string> };
type Entry = Value & { expiresAt?: number };
type Kind = Value['kind'];
type EntryOf<K extends Kind> = Extract<Value, { kind: K }> & { expiresAt?: number };

const DEFAULT_SWEEP_INTERVAL_MS = 1000;
const STRICT_INTEGER = /^(0|-?[1-9]\d*)$/;

export interface EmbeddedStoreOptions {
  /** How often keys that nobody reads any more are expired. */
  sweepIntervalMs?: number;
}

export class EmbeddedStore implements EmbeddedStoreAccess {
  private readonly entries = new Map<string, Entry>();
  /** Keys that carry a TTL, so the sweep does not walk the whole store. */
  private readonly expiring = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(opts: EmbeddedStoreOptions = {}) {
    this.sweeper = setInterval(() => this.sweep(), opts.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Keys held in memory, expired ones included until they are read or swept. */
  get heldKeyCount(): number {
    return this.entries.size;
  }

  /** Stops the sweep; the store stays usable with lazy expiry only. */
  stopSweeping(): void {
    clearInterval(this.sweeper);
  }

  get(key: string): string | null {
    return this.typed(key, 'string')?.value ?? null;
  }

  set(key: string, value: string, opts: SetOptions = {}): boolean {
    if (opts.ttlMs !== undefined) assertTtlMs(opts.ttlMs);
    if (opts.onlyIfAbsent && this.live(key)) return false;
    this.put(key, { kind: 'string', value }, opts.ttlMs);
    return true;
  }

  del(...keys: string[]): number {
    let removed = 0;
    for (const key of keys) {
      if (this.live(key)) removed += 1;
      this.remove(key);
    }
    return removed;
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  expire(key: string, ttlMs: number): boolean {
    assertTtlMs(ttlMs);
    const entry = this.live(key);
    if (!entry) return false;
    entry.expiresAt = performance.now() + ttlMs;
    this.expiring.add(key);
    return true;
  }

  ttl(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.ceil(entry.expiresAt - performance.now()));
  }

  incrBy(key: string, by: number): number {
    assertIncrement(by);
    const entry = this.typed(key, 'string');
    const next = addToInteger(entry?.value, by, 'ERR value is not an integer or out of range');
    if (entry) entry.value = String(next);
    else this.put(key, { kind: 'string', value: String(next) });
    return next;
  }

  mget(keys: string[]): (string | null)[] {
    return keys.map((key) => {
      const entry = this.live(key);
      return entry?.kind === 'string' ? entry.value : null;
    });
  }

  hget(key: string, field: string): string | null {
    return this.typed(key, 'hash')?.value.get(field) ?? null;
  }

  hset(key: string, fieldOrValues: string | Record<string, string>, value?: string): number {
    const values = typeof fieldOrValues === 'string' ? { [fieldOrValues]: requireValue(value) } : fieldOrValues;
    const fields = Object.entries(values);
    if (fields.length === 0) return 0;
    const hash = this.typed(key, 'hash') ?? this.put(key, { kind: 'hash', value: new Map() });
    let added = 0;
    for (const [field, fieldValue] of fields) {
      if (!hash.value.has(field)) added += 1;
      hash.value.set(field, fieldValue);
    }
    return added;
  }

  hgetall(key: string): Record<string, string> {
    return Object.fromEntries(this.typed(key, 'hash')?.value ?? []);
  }

  hdel(key: string, ...fields: string[]): number {
    const hash = this.typed(key, 'hash');
    if (!hash) return 0;
    const removed = fields.filter((field) => hash.value.delete(field)).length;
    if (hash.value.size === 0) this.remove(key);
    return removed;
  }

  hincrBy(key: string, field: string, by: number): number {
    assertIncrement(by);
    const hash = this.typed(key, 'hash') ?? this.put(key, { kind: 'hash', value: new Map() });
    const next = addToInteger(hash.value.get(field), by, 'ERR hash value is not an integer');
    hash.value.set(field, String(next));
    return next;
  }

  sadd(key: string, ...members: string[]): number {
    if (members.length === 0) return 0;
    const set = this.typed(key, 'set') ?? this.put(key, { kind: 'set', value: new Set() });
    const before = set.value.size;
    for (const member of members) set.value.add(member);
    return set.value.size - before;
  }

  srem(key: string, ...members: string[]): number {
    const set = this.typed(key, 'set');
    if (!set) return 0;
    const removed = members.filter((member) => set.value.delete(member)).length;
    if (set.value.size === 0) this.remove(key);
    return removed;
  }

  smembers(key: string): string[] {
    return [...(this.typed(key, 'set')?.value ?? [])];
  }

  sismember(key: string, member: string): boolean {
    return this.typed(key, 'set')?.value.has(member) ?? false;
  }

  scard(key: string): number {
    return this.typed(key, 'set')?.value.size ?? 0;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= performance.now()) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  private typed<K extends Kind>(key: string, kind: K): EntryOf<K> | undefined {
    const entry = this.live(key);
    if (entry && entry.kind !== kind) throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    return entry as EntryOf<K> | undefined;
  }

  private put<V extends Value>(key: string, value: V, ttlMs?: number): V & { expiresAt?: number } {
    const entry: V & { expiresAt?: number } = ttlMs === undefined ? value : { ...value, expiresAt: performance.now() + ttlMs };
    this.entries.set(key, entry);
    if (ttlMs === undefined) this.expiring.delete(key);
    else this.expiring.add(key);
    return entry;
  }

  private remove(key: string): void {
    this.entries.delete(key);
    this.expiring.delete(key);
  }

  private sweep(): void {
    for (const key of this.expiring) this.live(key);
  }
}

let shared: EmbeddedStore | undefined;

/** One store per process, as one Redis server is shared by the services of a cluster; prefixes keep them apart. */
export function sharedEmbeddedStore(): EmbeddedStore {
  shared ??= new EmbeddedStore();
  return shared;
}

function requireValue(value: string | undefined): string {
  if (value === undefined) throw new TypeError('hset(key, field, value) needs a value');
  return value;
}

function addToInteger(current: string | undefined, by: number, notAnInteger: string): number {
  if (current !== undefined && !STRICT_INTEGER.test(current)) throw new Error(notAnInteger);
  const next = Number(current ?? 0) + by;
  if (!Number.isSafeInteger(next)) throw new Error('ERR increment or decrement would overflow');
  return next;
}
