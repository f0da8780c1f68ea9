// The read-through cache against one run mode's adapters: the levels, and each protection (penetration,
// breakdown, avalanche, invalidation) shown by a test that fails without it. Two "processes" share the store:
// each instance has its own kv client, locks, broker connection and LRU, as two service instances would.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../../src/bus/index.ts';
import { openCache, type Cache, type CacheOptions } from '../../src/cache/index.ts';
import type { Kv } from '../../src/kv/index.ts';
import type { Locks } from '../../src/locks/index.ts';
import { metrics } from '../../src/observability/index.ts';

/** One instance's view of the shared servers: what a service instance gets from the kernel. */
export interface InstancePorts {
  kv: Kv;
  locks: Locks;
  broker: Broker;
  close(): Promise<void>;
}

export interface CacheWorld {
  /** A new "process": its own connections to the shared store and broker. */
  instance(): Promise<InstancePorts>;
  /** Reads the shared store directly (full keys under the service's kv prefix). */
  inspect: Kv;
  cleanup(service: string): Promise<void>;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(10);
  }
}

/** Counts the kv reads an instance makes, to show that a refused id costs no Redis round trip. */
function countingKv(kv: Kv): { kv: Kv; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(kv, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        if (property === 'get' || property === 'mget') reads++;
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: counted, reads: () => reads };
}

/** A loader over an in-memory "table" of JSON texts that counts its calls and can be held back. */
class Source {
  readonly rows = new Map<string, string>();
  calls = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  /** Reads the row at once and answers when released: a held load is one that read the row before any later change. */
  readonly load = async (key: string): Promise<string | null> => {
    this.calls++;
    const row = this.rows.get(key) ?? null;
    if (this.gate) await this.gate;
    return row;
  };

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }
}

async function counted(label: string, outcome: string): Promise<number> {
  const metric = await metrics.cacheLookups.get();
  return metric.values.find((v) => v.labels.cache === label && v.labels.outcome === outcome)?.value ?? 0;
}

export function cacheConformance(mode: string, makeWorld: () => Promise<CacheWorld>): void {
  describe(`read-through cache: ${mode}`, () => {
    const service = `cachet${randomUUID().slice(0, 8)}`;
    const closers: (() => Promise<void>)[] = [];
    let world: CacheWorld | undefined;
    let serial = 0;

    after(async () => {
      for (const close of closers.reverse()) await close();
      await world?.cleanup(service);
    });

    /** A cache in a new instance (its own ports); every test names its own cache, so tests never share keys. */
    async function instance(name: string, opts: CacheOptions, wrap?: (kv: Kv) => Kv): Promise<Cache> {
      world ??= await makeWorld();
      const ports = await world.instance();
      const cache = await openCache(
        { service, kv: wrap ? wrap(ports.kv) : ports.kv, locks: ports.locks, broker: ports.broker },
        name,
        opts,
      );
      closers.push(
        () => ports.close(),
        () => cache.close(),
      );
      return cache;
    }
    const uniqueName = (label: string): string => `${label}-${++serial}`;
    const stored = (cacheName: string, key: string) => world!.inspect.get(`cache:${cacheName}:${key}`);
    const ttlOf = (cacheName: string, key: string) => world!.inspect.ttl(`cache:${cacheName}:${key}`);

    test('a hit hands back the stored JSON text as the loader gave it, from the LRU, then from Redis in another instance', async () => {
      const name = uniqueName('product');
      const source = new Source();
      const text = '{"id":"p-1","name":"无线蓝牙耳机 Pro","price":12900}';
      source.rows.set('p-1', text);
      const a = await instance(name, { load: source.load, ttlMs: 60_000 });
      const b = await instance(name, { load: source.load, ttlMs: 60_000 });
      assert.equal(await a.get('p-1'), text);
      assert.equal(await a.get('p-1'), text);
      assert.equal(await stored(name, 'p-1'), text);
      assert.equal(await b.get('p-1'), text);
      assert.equal(source.calls, 1);
      const label = `${service}.${name}`;
      assert.equal(await counted(label, 'miss'), 1);
      assert.equal(await counted(label, 'local_hit'), 1);
      assert.equal(await counted(label, 'redis_hit'), 1);
    });

    test('penetration: an unknown key is cached as a short-lived negative entry, shared by every instance', async () => {
      const name = uniqueName('product');
      const source = new Source();
      const a = await instance(name, { load: source.load, ttlMs: 60_000, negativeTtlMs: 5_000 });
      const b = await instance(name, { load: source.load, ttlMs: 60_000, negativeTtlMs: 5_000 });
      for (let i = 0; i < 5; i++) assert.equal(await a.get('p-404'), null);
      assert.equal(await b.get('p-404'), null);
      assert.equal(source.calls, 1);
      const ttl = await ttlOf(name, 'p-404');
      assert.ok(ttl > 0 && ttl <= 5_000 * 1.2, `negative entry ttl ${ttl}`);
      assert.equal(await counted(`${service}.${name}`, 'negative_hit'), 5);
    });

    test('penetration: an id the Bloom filter never saw costs no Redis read and no load', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"id":"p-1"}');
      let counter: ReturnType<typeof countingKv> | undefined;
      const wrap = (inner: Kv): Kv => (counter = countingKv(inner)).kv;
      const cache = await instance(name, { load: source.load, ttlMs: 60_000, knownKeys: { list: async () => ['p-1'] } }, wrap);
      for (let i = 0; i < 100; i++) assert.equal(await cache.get(`made-up-${i}`), null);
      assert.equal(counter?.reads(), 0);
      assert.equal(source.calls, 0);
      assert.equal(await cache.get('p-1'), '{"id":"p-1"}');
      assert.equal(source.calls, 1);
      assert.equal(await counted(`${service}.${name}`, 'bloom_rejected'), 100);
    });

    test('penetration: a key created after the filter was built passes on every instance once invalidated', async () => {
      const name = uniqueName('product');
      const source = new Source();
      const opts: CacheOptions = { load: source.load, ttlMs: 60_000, knownKeys: { list: async () => [...source.rows.keys()] } };
      const a = await instance(name, opts);
      const b = await instance(name, opts);
      assert.equal(await a.get('p-new'), null);
      assert.equal(await b.get('p-new'), null);
      source.rows.set('p-new', '{"id":"p-new"}');
      await a.invalidate('p-new');
      assert.equal(await a.get('p-new'), '{"id":"p-new"}');
      await eventually('the other instance to learn the new key', async () => (await b.get('p-new')) !== null, 1_000);
    });

    test('penetration: the Bloom filter is read again every refreshMs, so a key whose announcement was missed passes after it', async () => {
      const name = uniqueName('product');
      const source = new Source();
      const cache = await instance(name, {
        load: source.load,
        ttlMs: 60_000,
        knownKeys: { list: async () => [...source.rows.keys()], refreshMs: 50 },
      });
      assert.equal(await cache.get('p-quiet'), null);
      source.rows.set('p-quiet', '{"id":"p-quiet"}');
      await eventually('the filter to be rebuilt with the new key', async () => (await cache.get('p-quiet')) !== null, 2_000);
    });

    test('breakdown: 1000 concurrent misses on one key in one instance make one load (single-flight), even with no lock wait', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('hot', '{"id":"hot"}');
      const cache = await instance(name, { load: source.load, ttlMs: 60_000, lockWaitMs: 0 });
      source.hold();
      const reads = Array.from({ length: 1000 }, () => cache.get('hot'));
      await eventually('the load to start', () => source.calls > 0, 5_000);
      source.release();
      const answers = await Promise.all(reads);
      assert.equal(source.calls, 1);
      assert.deepEqual(new Set(answers), new Set(['{"id":"hot"}']));
      assert.equal(await counted(`${service}.${name}`, 'coalesced'), 999);
    });

    test('breakdown: two instances with 1000 concurrent misses each on one key make one load between them (the KV lock)', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('hot', '{"id":"hot"}');
      const a = await instance(name, { load: source.load, ttlMs: 60_000, lockWaitMs: 10_000 });
      const b = await instance(name, { load: source.load, ttlMs: 60_000, lockWaitMs: 10_000 });
      source.hold();
      const first = Array.from({ length: 1000 }, () => a.get('hot'));
      await eventually('the first load to start', () => source.calls > 0, 5_000);
      const second = Array.from({ length: 1000 }, () => b.get('hot'));
      // Let the second instance reach the lock and wait on it before the first load finishes.
      await sleep(100);
      source.release();
      const answers = await Promise.all([...first, ...second]);
      assert.deepEqual(new Set(answers), new Set(['{"id":"hot"}']));
      assert.equal(source.calls, 1);
    });

    test('avalanche: keys written together expire spread over the jitter window', async () => {
      const name = uniqueName('product');
      const source = new Source();
      for (let i = 0; i < 100; i++) source.rows.set(`p-${i}`, `{"id":"p-${i}"}`);
      const cache = await instance(name, { load: source.load, ttlMs: 60_000, ttlJitter: 0.2 });
      await Promise.all([...source.rows.keys()].map((key) => cache.get(key)));
      const ttls = await Promise.all([...source.rows.keys()].map((key) => ttlOf(name, key)));
      const spread = Math.max(...ttls) - Math.min(...ttls);
      // Uniform over a 12 s window: 100 draws within 3 s of each other is vanishingly unlikely; without jitter they sit within the write time.
      assert.ok(spread > 3_000, `ttl spread ${spread} ms`);
      assert.ok(
        Math.min(...ttls) > 55_000 && Math.max(...ttls) <= 72_000,
        `ttls within [ttl, ttl × 1.2]: ${Math.min(...ttls)}..${Math.max(...ttls)}`,
      );
    });

    test('invalidation: a change shows on every instance within a second', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"price":100}');
      const a = await instance(name, { load: source.load, ttlMs: 60_000, localTtlMs: 60_000 });
      const b = await instance(name, { load: source.load, ttlMs: 60_000, localTtlMs: 60_000 });
      assert.equal(await a.get('p-1'), '{"price":100}');
      assert.equal(await b.get('p-1'), '{"price":100}');
      source.rows.set('p-1', '{"price":90}');
      await a.invalidate('p-1');
      assert.equal(await stored(name, 'p-1'), null);
      assert.equal(await a.get('p-1'), '{"price":90}');
      await eventually('the other instance to serve the new price', async () => (await b.get('p-1')) === '{"price":90}', 1_000);
    });

    test('invalidation: a deleted key answers null everywhere', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"id":"p-1"}');
      const a = await instance(name, { load: source.load, ttlMs: 60_000 });
      const b = await instance(name, { load: source.load, ttlMs: 60_000 });
      await a.get('p-1');
      await b.get('p-1');
      source.rows.delete('p-1');
      await b.invalidate('p-1');
      assert.equal(await b.get('p-1'), null);
      await eventually('the other instance to forget it', async () => (await a.get('p-1')) === null, 1_000);
    });

    test('invalidation: a load that read the old value before the change heard elsewhere leaves it in no level', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"price":100}');
      const load = source.load;
      const a = await instance(name, { load, ttlMs: 60_000, localTtlMs: 60_000 });
      const b = await instance(name, { load, ttlMs: 60_000, localTtlMs: 60_000 });
      source.hold();
      const slowRead = b.get('p-1');
      await eventually('b to read the row', () => source.calls === 1, 5_000);
      source.rows.set('p-1', '{"price":90}');
      await a.invalidate('p-1');
      await eventually('b to hear the invalidation', () => (b as unknown as { epoch: number }).epoch > 0, 1_000);
      source.release();
      assert.equal(await slowRead, '{"price":100}'); // began before the change: may answer what it read
      assert.equal(await stored(name, 'p-1'), null);
      assert.equal(await b.get('p-1'), '{"price":90}');
      assert.equal(await a.get('p-1'), '{"price":90}');
    });

    test('invalidation: reads after an invalidation do not join a load that read the old value', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"price":100}');
      const load = source.load;
      // The fresh read waits for the old load's lock at most lockWaitMs, then loads by itself.
      const a = await instance(name, { load, ttlMs: 60_000, localTtlMs: 60_000, lockWaitMs: 50 });
      const b = await instance(name, { load, ttlMs: 60_000, localTtlMs: 60_000, lockWaitMs: 50 });
      source.hold();
      const slowRead = b.get('p-1');
      await eventually('b to read the row', () => source.calls === 1, 5_000);
      source.rows.set('p-1', '{"price":90}');
      await a.invalidate('p-1');
      await eventually('b to hear the invalidation', () => (b as unknown as { epoch: number }).epoch > 0, 1_000);
      const freshRead = b.get('p-1'); // must not join the load that read the old row
      await eventually('b to read the row again', () => source.calls === 2, 5_000);
      source.release();
      assert.equal(await slowRead, '{"price":100}'); // began before the change: may answer what it read
      assert.equal(await freshRead, '{"price":90}');
      assert.notEqual(await stored(name, 'p-1'), '{"price":100}');
    });

    test('the LRU holds at most maxEntries entries and maxBytes bytes', async () => {
      const source = new Source();
      for (let i = 0; i < 50; i++) source.rows.set(`p-${i}`, `{"id":"p-${i}","pad":"${'x'.repeat(100)}"}`);
      const byCount = await instance(uniqueName('product'), { load: source.load, ttlMs: 60_000, maxEntries: 10 });
      const byBytes = await instance(uniqueName('product'), { load: source.load, ttlMs: 60_000, maxBytes: 1_000 });
      for (const key of source.rows.keys()) {
        await byCount.get(key);
        await byBytes.get(key);
      }
      const sizeOf = (cache: Cache) => (cache as unknown as { localSize: { entries: number; bytes: number } }).localSize;
      assert.equal(sizeOf(byCount).entries, 10);
      assert.ok(sizeOf(byBytes).bytes <= 1_000, `${sizeOf(byBytes).bytes} bytes`);
      assert.ok(sizeOf(byBytes).entries >= 5, `${sizeOf(byBytes).entries} entries`);
    });

    test('a value over maxValueBytes is served but cached nowhere', async () => {
      const name = uniqueName('product');
      const source = new Source();
      const big = `{"description":"${'长'.repeat(400)}"}`; // 1200+ bytes in UTF-8, 400+ characters
      source.rows.set('p-big', big);
      const cache = await instance(name, { load: source.load, ttlMs: 60_000, maxValueBytes: 1_024 });
      assert.equal(await cache.get('p-big'), big);
      assert.equal(await stored(name, 'p-big'), null);
      assert.equal(await cache.get('p-big'), big);
      assert.equal(source.calls, 2);
      const loads = await metrics.cacheLoads.get();
      const oversized = loads.values.find((v) => v.labels.cache === `${service}.${name}` && v.labels.outcome === 'oversized');
      assert.equal(oversized?.value, 2);
    });

    test('with Redis unreachable, reads are loaded in this instance alone and still served', async () => {
      const name = uniqueName('product');
      const source = new Source();
      source.rows.set('p-1', '{"id":"p-1"}');
      const unreachable = (kv: Kv): Kv =>
        new Proxy(kv, {
          get(target, property, receiver) {
            const member = Reflect.get(target, property, receiver) as unknown;
            if (typeof member !== 'function' || property === 'close') return member;
            return () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
          },
        });
      const cache = await instance(name, { load: source.load, ttlMs: 60_000 }, unreachable);
      const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('p-1')));
      assert.deepEqual(new Set(answers), new Set(['{"id":"p-1"}']));
      assert.equal(await cache.get('p-1'), '{"id":"p-1"}');
      assert.equal(source.calls, 1);
    });

    test('a failing loader fails the reads waiting on it and caches nothing', async () => {
      const name = uniqueName('product');
      let calls = 0;
      const cache = await instance(name, {
        ttlMs: 60_000,
        load: async () => {
          calls++;
          throw new Error('database away');
        },
      });
      const reads = await Promise.allSettled([cache.get('p-1'), cache.get('p-1')]);
      assert.deepEqual(
        reads.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      assert.equal(calls, 1);
      assert.equal(await stored(name, 'p-1'), null);
      await assert.rejects(cache.get('p-1'), /database away/);
      assert.equal(calls, 2);
    });
  });
}
