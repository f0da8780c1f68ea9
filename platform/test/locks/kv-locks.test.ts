// What the conformance suite cannot stage through the port: a leader whose store connection dies, and one
// whose renewals stall. Run over both stores behind KvLocks (Redis and the in-process one).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { Kv } from '../../src/kv/index.ts';
import { EmbeddedKv, EmbeddedStore, RedisKv, redisUrlFromEnv } from '../../src/kv/index.ts';
import type { Campaign, CampaignOptions } from '../../src/locks/index.ts';
import { KvLocks } from '../../src/locks/index.ts';
import { waitFor } from './locks-conformance.ts';

const url = redisUrlFromEnv();
const prefix = `test:kv-locks:${randomUUID()}:`;
const store = new EmbeddedStore();
const kvs: Kv[] = [];
const lockSets: KvLocks[] = [];

after(async () => {
  await Promise.all(lockSets.map((locks) => locks.close()));
  await Promise.all(kvs.map((kv) => kv.close()));
  store.stopSweeping();
  const raw = new Redis(url);
  for await (const keys of raw.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await raw.unlink(...keys);
  }
  await raw.quit();
});

/** A kv whose scripts can be made to hang, as on a store that stopped answering. */
function stallable(kv: Kv): { kv: Kv; stall: () => void } {
  let stalled = false;
  const proxy = new Proxy(kv, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'run') return (...args: Parameters<Kv['run']>) => (stalled ? new Promise(() => undefined) : target.run(...args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { kv: proxy, stall: () => (stalled = true) };
}

const stores: [string, () => Kv][] = [
  ['redis', () => new RedisKv({ url, prefix })],
  ['embedded', () => new EmbeddedKv({ store, prefix })],
];

for (const [storeName, makeKv] of stores) {
  describe(`kv locks on ${storeName}`, () => {
    const open = (kv: Kv): KvLocks => {
      kvs.push(kv);
      const locks = new KvLocks(kv);
      lockSets.push(locks);
      return locks;
    };
    const join = async (locks: KvLocks, name: string, log: string[], who: string, ttlMs: number): Promise<[Campaign, unknown[]]> => {
      const errors: unknown[] = [];
      const options: CampaignOptions = {
        ttlMs,
        onElected: () => log.push(`${who} elected`),
        onDemoted: () => log.push(`${who} demoted`),
        onError: (err) => errors.push(err),
      };
      return [await locks.campaign(name, options), errors];
    };

    test('a leader whose store connection is lost is demoted before its lock lapses, then a follower leads', async () => {
      const ttlMs = 300;
      const name = `lost-${randomUUID()}`;
      const log: string[] = [];
      const leaderKv = makeKv();
      const [leader, leaderErrors] = await join(open(leaderKv), name, log, 'a', ttlMs);
      const [follower] = await join(open(makeKv()), name, log, 'b', ttlMs);
      assert.equal(leader.isLeader(), true);
      await leaderKv.close();
      await waitFor(() => !leader.isLeader(), 1.5 * ttlMs, 'the leader demoted for want of renewal');
      assert.ok(leaderErrors.length >= 1, 'the failed renewal was reported');
      await waitFor(() => follower.isLeader(), 2 * ttlMs, 'the follower leading');
      assert.deepEqual(log, ['a elected', 'a demoted', 'b elected']);
    });

    test('a leader whose renewals stall demotes itself before anyone else can be elected', async () => {
      const ttlMs = 300;
      const name = `stalled-${randomUUID()}`;
      const log: string[] = [];
      const slow = stallable(makeKv());
      const [leader] = await join(open(slow.kv), name, log, 'a', ttlMs);
      const [follower] = await join(open(makeKv()), name, log, 'b', ttlMs);
      assert.equal(leader.isLeader(), true);
      slow.stall();
      await waitFor(() => follower.isLeader(), 3 * ttlMs, 'the follower leading');
      assert.equal(leader.isLeader(), false);
      assert.deepEqual(log, ['a elected', 'a demoted', 'b elected']);
    });
  });
}
