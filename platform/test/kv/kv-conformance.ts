// The one conformance suite every Kv adapter must pass: each operation, TTL expiry, value fidelity
// and the kernel scripts, so that Lua and the embedded twins cannot drift apart unnoticed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kv } from '../../src/kv/index.ts';
import { compareAndDelete, compareAndExpire, compareAndSet, decrIfEnough, defineScript } from '../../src/kv/index.ts';

/** Makes a kv on the adapter under test; two kvs made with the same prefix must see the same keys. */
export type MakeKv = (prefix: string) => Kv | Promise<Kv>;

const sortedStrings = (values: string[]): string[] => [...values].sort();

const echoArgs = defineScript<string>({
  name: 'test.echoArgs',
  lua: `return ARGV[1] .. ':' .. type(ARGV[1]) .. ':' .. #ARGV`,
  embedded: (_store, _keys, args) => `${args[0]}:${typeof args[0]}:${args.length}`,
});

const addAndCount = defineScript<[number, string]>({
  name: 'test.addAndCount',
  lua: `redis.call('SADD', KEYS[1], ARGV[1]); return { redis.call('SCARD', KEYS[1]), ARGV[1] }`,
  embedded: (store, [set = ''], [member = '']) => {
    store.sadd(set, member);
    return [store.scard(set), member];
  },
});

const readOrNull = defineScript<string | null>({
  name: 'test.readOrNull',
  lua: `return redis.call('GET', KEYS[1])`,
  embedded: (store, [key = '']) => store.get(key),
});

const incrementTwoCounters = defineScript<number>({
  name: 'test.incrementTwoCounters',
  lua: `redis.call('INCRBY', KEYS[1], 1); return redis.call('INCRBY', KEYS[2], 1)`,
  embedded: (store, [first = '', second = '']) => {
    store.incrBy(first, 1);
    return store.incrBy(second, 1);
  },
});

export function kvConformance(name: string, makeKv: MakeKv): void {
  describe(`kv conformance: ${name}`, () => {
    const prefix = `conformance:${randomUUID()}:`;
    const opened: Kv[] = [];
    let kv: Kv;
    const open = async (p = prefix): Promise<Kv> => {
      const made = await makeKv(p);
      opened.push(made);
      return made;
    };
    /** Every test works on its own keys, so tests can run in any order and again on the same server. */
    const key = (label: string): string => `${randomUUID().slice(0, 8)}:${label}`;

    before(async () => {
      kv = await open();
    });
    after(async () => {
      await Promise.all(opened.map((k) => k.close()));
    });

    describe('strings', () => {
      test('a missing key reads as null and a written value reads back', async () => {
        const k = key('greeting');
        assert.equal(await kv.get(k), null);
        assert.equal(await kv.set(k, 'hello'), true);
        assert.equal(await kv.get(k), 'hello');
        await kv.set(k, 'again');
        assert.equal(await kv.get(k), 'again');
      });

      test('values are binary-safe and unicode survives the round trip', async () => {
        const samples = [
          '',
          'nul\u0000inside',
          '无线蓝牙耳机 Pro',
          '🛒🎁 emoji',
          'line\r\nbreak\ttab',
          '"quoted" \\ back',
          'x'.repeat(1 << 20),
        ];
        for (const [i, value] of samples.entries()) {
          const k = key(`sample-${i}`);
          await kv.set(k, value);
          assert.equal(await kv.get(k), value, `sample ${i}`);
        }
        const k = key('键 with spaces 🔑');
        await kv.set(k, 'unicode key');
        assert.equal(await kv.get(k), 'unicode key');
        assert.deepEqual(await kv.mget([k]), ['unicode key']);
      });

      test('set with onlyIfAbsent writes only when the key is missing', async () => {
        const k = key('nx');
        assert.equal(await kv.set(k, 'first', { onlyIfAbsent: true }), true);
        assert.equal(await kv.set(k, 'second', { onlyIfAbsent: true }), false);
        assert.equal(await kv.get(k), 'first');
      });

      test('del removes keys of any kind and counts only those that existed', async () => {
        const [a, b, c, missing] = [key('a'), key('b'), key('c'), key('missing')];
        await kv.set(a, '1');
        await kv.hset(b, 'f', 'v');
        await kv.sadd(c, 'm');
        assert.equal(await kv.del(a, b, c, missing), 3);
        assert.deepEqual(await kv.mget([a, b, c]), [null, null, null]);
        assert.equal(await kv.exists(b), false);
        assert.equal(await kv.del(), 0);
      });

      test('exists tells present from missing keys', async () => {
        const k = key('present');
        assert.equal(await kv.exists(k), false);
        await kv.set(k, '');
        assert.equal(await kv.exists(k), true);
      });

      test('mget answers in key order with null for missing and non-string keys', async () => {
        const [a, b, hash] = [key('a'), key('b'), key('hash')];
        await kv.set(a, 'A');
        await kv.set(b, 'B');
        await kv.hset(hash, 'f', 'v');
        assert.deepEqual(await kv.mget([b, key('none'), a, hash]), ['B', null, 'A', null]);
        assert.deepEqual(await kv.mget([]), []);
      });
    });

    describe('expiry', () => {
      test('a key written with ttlMs disappears after it', async () => {
        const k = key('short-lived');
        await kv.set(k, 'soon gone', { ttlMs: 80 });
        const left = await kv.ttl(k);
        assert.ok(left > 0 && left <= 80, `ttl ${left}`);
        assert.equal(await kv.get(k), 'soon gone');
        await sleep(160);
        assert.equal(await kv.get(k), null);
        assert.equal(await kv.exists(k), false);
        assert.equal(await kv.ttl(k), -2);
      });

      test('ttl answers -1 without expiry and -2 for a missing key', async () => {
        const k = key('forever');
        await kv.set(k, 'v');
        assert.equal(await kv.ttl(k), -1);
        assert.equal(await kv.ttl(key('missing')), -2);
      });

      test('a plain set clears a previous ttl', async () => {
        const k = key('rewritten');
        await kv.set(k, 'v', { ttlMs: 60 });
        await kv.set(k, 'w');
        assert.equal(await kv.ttl(k), -1);
        await sleep(120);
        assert.equal(await kv.get(k), 'w');
      });

      test('expire gives an existing key a ttl and answers false for a missing key', async () => {
        const k = key('expiring');
        assert.equal(await kv.expire(k, 1000), false);
        assert.equal(await kv.exists(k), false);
        await kv.set(k, 'v');
        assert.equal(await kv.expire(k, 80), true);
        const left = await kv.ttl(k);
        assert.ok(left > 0 && left <= 80, `ttl ${left}`);
        await sleep(160);
        assert.equal(await kv.get(k), null);
      });

      test('hashes and sets expire like strings', async () => {
        const [hash, set] = [key('hash'), key('set')];
        await kv.hset(hash, { a: '1' });
        await kv.sadd(set, 'm');
        await kv.expire(hash, 60);
        await kv.expire(set, 60);
        await sleep(140);
        assert.deepEqual(await kv.hgetall(hash), {});
        assert.equal(await kv.scard(set), 0);
        assert.equal(await kv.ttl(hash), -2);
      });

      test('an expired key can be written again with onlyIfAbsent', async () => {
        const k = key('lease');
        assert.equal(await kv.set(k, 'one', { ttlMs: 50, onlyIfAbsent: true }), true);
        assert.equal(await kv.set(k, 'two', { ttlMs: 50, onlyIfAbsent: true }), false);
        await sleep(120);
        assert.equal(await kv.set(k, 'three', { onlyIfAbsent: true }), true);
        assert.equal(await kv.get(k), 'three');
        assert.equal(await kv.ttl(k), -1);
      });

      test('a ttl that is not a positive integer is refused and changes nothing', async () => {
        const k = key('bad-ttl');
        for (const ttlMs of [0, -5, 1.5, Number.NaN]) {
          await assert.rejects(kv.set(k, 'v', { ttlMs }), RangeError);
          await assert.rejects(kv.expire(k, ttlMs), RangeError);
        }
        assert.equal(await kv.exists(k), false);
      });
    });

    describe('counters', () => {
      test('incrBy starts a missing counter at zero and adds signed integers', async () => {
        const k = key('counter');
        assert.equal(await kv.incrBy(k, 5), 5);
        assert.equal(await kv.incrBy(k, -7), -2);
        assert.equal(await kv.get(k), '-2');
      });

      test('incrBy keeps the ttl of the counter', async () => {
        const k = key('window');
        await kv.set(k, '1', { ttlMs: 5000 });
        await kv.incrBy(k, 1);
        const left = await kv.ttl(k);
        assert.ok(left > 0 && left <= 5000, `ttl ${left}`);
      });

      test('incrBy on a value that is not an integer is refused', async () => {
        const k = key('text');
        await kv.set(k, 'twelve');
        await assert.rejects(kv.incrBy(k, 1), /not an integer/);
        await kv.set(k, '1.5');
        await assert.rejects(kv.incrBy(k, 1), /not an integer/);
        await assert.rejects(kv.incrBy(key('fraction'), 0.5), RangeError);
        assert.equal(await kv.get(k), '1.5');
      });
    });

    describe('hashes', () => {
      test('hset counts new fields and hget/hgetall read them back', async () => {
        const k = key('sku');
        assert.equal(await kv.hset(k, 'name', '耳机'), 1);
        assert.equal(await kv.hset(k, { name: '耳机 Pro', price: '19900' }), 1);
        assert.equal(await kv.hset(k, {}), 0);
        assert.equal(await kv.hget(k, 'name'), '耳机 Pro');
        assert.equal(await kv.hget(k, 'missing'), null);
        assert.equal(await kv.hget(key('none'), 'name'), null);
        assert.deepEqual(await kv.hgetall(k), { name: '耳机 Pro', price: '19900' });
        assert.deepEqual(await kv.hgetall(key('none')), {});
      });

      test('hdel counts removed fields and the hash vanishes with its last field', async () => {
        const k = key('cart');
        await kv.hset(k, { a: '1', b: '2' });
        assert.equal(await kv.hdel(k, 'a', 'zz'), 1);
        assert.equal(await kv.exists(k), true);
        assert.equal(await kv.hdel(k, 'b'), 1);
        assert.equal(await kv.exists(k), false);
        assert.equal(await kv.hdel(k), 0);
      });

      test('hincrBy adds to a field, starting from zero, and refuses non-integers', async () => {
        const k = key('qty');
        assert.equal(await kv.hincrBy(k, 'sku-1', 3), 3);
        assert.equal(await kv.hincrBy(k, 'sku-1', -1), 2);
        await kv.hset(k, 'label', 'x');
        await assert.rejects(kv.hincrBy(k, 'label', 1), /not an integer/);
        await assert.rejects(kv.hincrBy(k, 'sku-1', 1.5), RangeError);
        assert.equal(await kv.hget(k, 'sku-1'), '2');
      });
    });

    describe('sets', () => {
      test('sadd and srem count changed members and the set answers membership', async () => {
        const k = key('tags');
        assert.equal(await kv.sadd(k, 'new', 'hot', 'new'), 2);
        assert.equal(await kv.sadd(k, 'hot', 'sale'), 1);
        assert.equal(await kv.sadd(k), 0);
        assert.deepEqual(sortedStrings(await kv.smembers(k)), ['hot', 'new', 'sale']);
        assert.equal(await kv.sismember(k, 'hot'), true);
        assert.equal(await kv.sismember(k, 'cold'), false);
        assert.equal(await kv.scard(k), 3);
        assert.equal(await kv.srem(k, 'hot', 'cold'), 1);
        assert.equal(await kv.scard(k), 2);
      });

      test('a set vanishes with its last member and a missing set is empty', async () => {
        const k = key('single');
        assert.equal(await kv.sadd(k), 0);
        assert.equal(await kv.exists(k), false);
        await kv.sadd(k, 'only');
        assert.equal(await kv.srem(k, 'only'), 1);
        assert.equal(await kv.exists(k), false);
        assert.deepEqual(await kv.smembers(k), []);
        assert.equal(await kv.scard(k), 0);
        assert.equal(await kv.sismember(k, 'only'), false);
      });
    });

    test('an operation on a key of another kind is refused with WRONGTYPE', async () => {
      const [str, hash, set] = [key('str'), key('hash'), key('set')];
      await kv.set(str, 'v');
      await kv.hset(hash, 'f', 'v');
      await kv.sadd(set, 'm');
      await assert.rejects(kv.get(hash), /WRONGTYPE/);
      await assert.rejects(kv.incrBy(set, 1), /WRONGTYPE/);
      await assert.rejects(kv.hget(str, 'f'), /WRONGTYPE/);
      await assert.rejects(kv.hset(set, 'f', 'v'), /WRONGTYPE/);
      await assert.rejects(kv.sadd(hash, 'm'), /WRONGTYPE/);
      await assert.rejects(kv.smembers(str), /WRONGTYPE/);
      await kv.set(hash, 'now a string');
      assert.equal(await kv.get(hash), 'now a string');
    });

    test('kvs with different prefixes do not see each other and the same prefix shares keys', async () => {
      const k = key('shared-name');
      const other = await open(`${prefix}other:`);
      const twin = await open(prefix);
      await kv.set(k, 'mine');
      assert.equal(await other.get(k), null);
      assert.equal(await twin.get(k), 'mine');
      await other.set(k, 'theirs');
      assert.equal(await kv.get(k), 'mine');
      assert.equal(await twin.run(readOrNull, [k], []), 'mine');
    });

    describe('scripts', () => {
      test('decrIfEnough decrements while enough is left and answers -1 otherwise', async () => {
        const k = key('stock');
        await kv.set(k, '5');
        assert.equal(await kv.run(decrIfEnough, [k], [3]), 2);
        assert.equal(await kv.run(decrIfEnough, [k], [3]), -1);
        assert.equal(await kv.get(k), '2');
        assert.equal(await kv.run(decrIfEnough, [k], ['2']), 0);
        assert.equal(await kv.run(decrIfEnough, [k], [1]), -1);
        assert.equal(await kv.get(k), '0');
      });

      test('decrIfEnough treats a missing counter as empty and does not create it', async () => {
        const k = key('no-stock');
        assert.equal(await kv.run(decrIfEnough, [k], [1]), -1);
        assert.equal(await kv.exists(k), false);
      });

      test('decrIfEnough refuses amounts that are not positive integers and non-integer counters', async () => {
        const k = key('stock');
        await kv.set(k, '10');
        for (const n of [0, -1, 1.5, 'ten']) {
          await assert.rejects(kv.run(decrIfEnough, [k], [n]), /positive integer/, `n=${n}`);
        }
        await kv.set(k, 'lots');
        await assert.rejects(kv.run(decrIfEnough, [k], [1]), /not an integer/);
      });

      test('200 concurrent decrIfEnough on a counter of 50 let exactly 50 through', async () => {
        const k = key('flash-sale');
        await kv.set(k, '50');
        const results = await Promise.all(Array.from({ length: 200 }, () => kv.run(decrIfEnough, [k], [1])));
        const granted = results.filter((r) => r >= 0);
        assert.equal(granted.length, 50);
        assert.equal(results.filter((r) => r === -1).length, 150);
        assert.deepEqual(
          [...granted].sort((a, b) => a - b),
          Array.from({ length: 50 }, (_, i) => i),
        );
        assert.equal(await kv.get(k), '0');
      });

      test('compareAndDelete deletes only when the key holds the expected value', async () => {
        const k = key('owner');
        await kv.set(k, 'me');
        assert.equal(await kv.run(compareAndDelete, [k], ['you']), 0);
        assert.equal(await kv.get(k), 'me');
        assert.equal(await kv.run(compareAndDelete, [k], ['me']), 1);
        assert.equal(await kv.exists(k), false);
        assert.equal(await kv.run(compareAndDelete, [k], ['me']), 0);
      });

      test('compareAndSet replaces only the expected value and sets the new ttl', async () => {
        const k = key('version');
        assert.equal(await kv.run(compareAndSet, [k], ['v1', 'v2']), 0);
        assert.equal(await kv.exists(k), false);
        await kv.set(k, 'v1', { ttlMs: 10_000 });
        assert.equal(await kv.run(compareAndSet, [k], ['v0', 'v2']), 0);
        assert.equal(await kv.run(compareAndSet, [k], ['v1', 'v2']), 1);
        assert.equal(await kv.get(k), 'v2');
        assert.equal(await kv.ttl(k), -1);
        assert.equal(await kv.run(compareAndSet, [k], ['v2', 'v3', 60]), 1);
        await sleep(130);
        assert.equal(await kv.get(k), null);
      });

      test('compareAndExpire sets the ttl only when the key holds the expected value', async () => {
        const k = key('held');
        await kv.set(k, 'me');
        assert.equal(await kv.run(compareAndExpire, [k], ['you', 60]), 0);
        assert.equal(await kv.ttl(k), -1);
        assert.equal(await kv.run(compareAndExpire, [k], ['me', 60]), 1);
        await assert.rejects(kv.run(compareAndExpire, [k], ['me', 0]), /positive integer/);
        await sleep(130);
        assert.equal(await kv.exists(k), false);
        assert.equal(await kv.run(compareAndExpire, [k], ['me', 60]), 0);
      });

      test('scripts receive arguments as strings and return numbers, strings, null and arrays alike', async () => {
        assert.equal(await kv.run(echoArgs, [], [42, 'x']), '42:string:2');
        const set = key('members');
        assert.deepEqual(await kv.run(addAndCount, [set], ['a']), [1, 'a']);
        assert.deepEqual(await kv.run(addAndCount, [set], ['b']), [2, 'b']);
        assert.equal(await kv.run(readOrNull, [key('missing')], []), null);
      });

      test('a failing script call is rejected with the store error', async () => {
        const [counter, text] = [key('counter'), key('text')];
        await kv.set(text, 'not a number');
        await assert.rejects(kv.run(incrementTwoCounters, [counter, text], []), /not an integer/);
        // Neither store rolls back the writes a script made before it failed.
        assert.equal(await kv.get(counter), '1');
        assert.equal(await kv.run(incrementTwoCounters, [counter, key('fresh')], []), 1);
        assert.equal(await kv.get(counter), '2');
      });
    });

    test('every operation is refused once the kv is closed', async () => {
      const closing = await open();
      const k = key('late');
      await closing.set(k, 'v');
      await closing.close();
      await closing.close();
      await assert.rejects(closing.get(k));
      await assert.rejects(closing.run(readOrNull, [k], []));
      assert.equal(await kv.get(k), 'v');
    });
  });
}
