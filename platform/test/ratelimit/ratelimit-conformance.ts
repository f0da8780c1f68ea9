// The behaviour every RateLimiter adapter must show, run against the Redis store and the in-memory store.
// Each test makes its own limiter under a fresh prefix, so reruns on the same server never see old counts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimiter, RateLimitOptions, RateLimitStore } from '../../src/ratelimit/index.ts';

export function rateLimitConformance(name: string, openStore: () => RateLimitStore): void {
  describe(`rate limiter conformance: ${name}`, () => {
    const store = openStore();
    after(() => store.close());
    const limiter = (opts: Omit<RateLimitOptions, 'prefix'>): RateLimiter => store.limiter({ prefix: `test:rl:${randomUUID()}`, ...opts });

    test('hits within the limit are allowed and count down; the next one is refused with a retry delay within the window', async () => {
      const rl = limiter({ points: 3, durationSeconds: 10 });
      const answers = [await rl.consume('ip'), await rl.consume('ip'), await rl.consume('ip')];
      assert.deepEqual(
        answers.map((a) => [a.allowed, a.remaining, a.consumed, a.retryAfterMs]),
        [
          [true, 2, 1, 0],
          [true, 1, 2, 0],
          [true, 0, 3, 0],
        ],
      );
      const refused = await rl.consume('ip');
      assert.equal(refused.allowed, false);
      assert.equal(refused.remaining, 0);
      assert.ok(refused.retryAfterMs > 9_000 && refused.retryAfterMs <= 10_000, `retryAfterMs ${refused.retryAfterMs}`);
    });

    test('a weighted hit counts its points and is refused when they do not fit', async () => {
      const rl = limiter({ points: 5, durationSeconds: 10 });
      assert.equal((await rl.consume('k', 4)).remaining, 1);
      assert.equal((await rl.consume('k', 2)).allowed, false);
    });

    test('keys and prefixes count apart', async () => {
      const a = limiter({ points: 1, durationSeconds: 10 });
      const b = limiter({ points: 1, durationSeconds: 10 });
      assert.equal((await a.consume('same')).allowed, true);
      assert.equal((await a.consume('same')).allowed, false);
      assert.equal((await a.consume('other')).allowed, true);
      assert.equal((await b.consume('same')).allowed, true);
    });

    test('a key is allowed again once its window has passed', async () => {
      const rl = limiter({ points: 1, durationSeconds: 1 });
      await rl.consume('k');
      const refused = await rl.consume('k');
      assert.equal(refused.allowed, false);
      await sleep(refused.retryAfterMs + 100);
      assert.equal((await rl.consume('k')).allowed, true);
    });

    test('going over the limit blocks the key for blockSeconds, beyond the window', async () => {
      const rl = limiter({ points: 1, durationSeconds: 1, blockSeconds: 5 });
      await rl.consume('k');
      const first = await rl.consume('k');
      assert.equal(first.allowed, false);
      assert.ok(first.retryAfterMs > 4_000, `retryAfterMs ${first.retryAfterMs}`);
      await sleep(1_200);
      const later = await rl.consume('k');
      assert.equal(later.allowed, false);
      assert.ok(later.retryAfterMs > 3_000 && later.retryAfterMs <= 4_000, `retryAfterMs ${later.retryAfterMs}`);
    });

    test('a penalty counts without asking, a reward gives points back, get reads without counting', async () => {
      const rl = limiter({ points: 5, durationSeconds: 10 });
      assert.equal(await rl.get('k'), null);
      assert.equal((await rl.penalty('k', 3)).consumed, 3);
      assert.equal((await rl.reward('k')).consumed, 2);
      const state = await rl.get('k');
      assert.equal(state?.consumed, 2);
      assert.equal(state?.remaining, 3);
      assert.ok(state.resetsInMs > 9_000 && state.resetsInMs <= 10_000);
      assert.equal((await rl.get('k'))?.consumed, 2);
      await rl.penalty('k', 3);
      assert.equal((await rl.consume('k')).allowed, false);
    });

    test('reset forgets the hits and lifts a block', async () => {
      const rl = limiter({ points: 1, durationSeconds: 10, blockSeconds: 60 });
      await rl.consume('k');
      assert.equal((await rl.consume('k')).allowed, false);
      await rl.reset('k');
      assert.equal(await rl.get('k'), null);
      assert.equal((await rl.consume('k')).allowed, true);
      await rl.reset('never-seen');
    });

    describe('token bucket', () => {
      const bucket = (points: number, durationSeconds: number): RateLimiter =>
        limiter({ points, durationSeconds, algorithm: 'token-bucket' });

      test('a full bucket lets a burst of `points` through, then refuses with the time one token takes', async () => {
        const rl = bucket(5, 10); // one token every 2 s
        const burst = await Promise.all(Array.from({ length: 5 }, () => rl.consume('ip')));
        assert.ok(burst.every((d) => d.allowed));
        const refused = await rl.consume('ip');
        assert.equal(refused.allowed, false);
        assert.equal(refused.remaining, 0);
        assert.ok(refused.retryAfterMs > 1_500 && refused.retryAfterMs <= 2_000, `retryAfterMs ${refused.retryAfterMs}`);
      });

      test('tokens come back at the steady rate, never above the capacity', async () => {
        const rl = bucket(2, 1); // 2 per second: one token every 500 ms
        assert.equal((await rl.consume('k', 2)).allowed, true);
        assert.equal((await rl.consume('k')).allowed, false);
        await sleep(600);
        assert.equal((await rl.consume('k')).allowed, true, 'one token refilled');
        assert.equal((await rl.consume('k')).allowed, false);
        await sleep(1_600);
        const state = await rl.get('k');
        assert.equal(state?.remaining, 2, 'refill stops at the capacity');
      });

      test('concurrent hits never take more tokens than the bucket holds', async () => {
        const rl = bucket(20, 3600);
        const answers = await Promise.all(Array.from({ length: 100 }, () => rl.consume('flash')));
        assert.equal(answers.filter((a) => a.allowed).length, 20);
      });

      test('penalty, reward, get and reset work on buckets too', async () => {
        const rl = bucket(3, 3600);
        assert.equal(await rl.get('k'), null);
        assert.equal((await rl.penalty('k', 3)).remaining, 0);
        assert.equal((await rl.consume('k')).allowed, false);
        assert.equal((await rl.reward('k', 2)).remaining, 2);
        assert.equal((await rl.consume('k')).allowed, true);
        await rl.reset('k');
        assert.equal(await rl.get('k'), null);
        assert.equal((await rl.consume('k', 3)).allowed, true);
      });

      test('consumeInOrder counts the steps in order and stops at the first refusal, leaving the rest uncounted', async () => {
        const [perUser, route, global] = [bucket(2, 3600), bucket(1, 3600), bucket(10, 3600)];
        const steps = [
          { limiter: perUser, key: 'u1' },
          { limiter: route, key: 'all' },
          { limiter: global, key: 'all' },
        ];
        const first = await store.consumeInOrder(steps);
        assert.deepEqual(
          first.map((d) => [d.allowed, d.remaining]),
          [
            [true, 1],
            [true, 0],
            [true, 9],
          ],
        );
        const second = await store.consumeInOrder(steps);
        assert.deepEqual(
          second.map((d) => d.allowed),
          [true, false],
          'stops at the route bucket',
        );
        assert.ok(second[1]!.retryAfterMs > 3_000_000, `retryAfterMs ${second[1]!.retryAfterMs}`);
        assert.equal((await global.get('all'))?.remaining, 9, 'the step after the refusal was not counted');
        const third = await store.consumeInOrder(steps);
        assert.deepEqual(
          third.map((d) => [d.allowed, d.remaining]),
          [[false, 0]],
          'refused at the first step, nothing else counted',
        );
        assert.equal((await route.get('all'))?.remaining, 0);
      });

      test('consumeInOrder with weights, and with fixed windows among the buckets, keeps the same rule', async () => {
        const window = limiter({ points: 1, durationSeconds: 3600 });
        const heavy = bucket(5, 3600);
        const steps = [
          { limiter: heavy, key: 'k', points: 3 },
          { limiter: window, key: 'k' },
        ];
        assert.deepEqual(
          (await store.consumeInOrder(steps)).map((d) => [d.allowed, d.remaining]),
          [
            [true, 2],
            [true, 0],
          ],
        );
        assert.deepEqual(
          (await store.consumeInOrder(steps)).map((d) => d.allowed),
          [false],
        );
        assert.deepEqual(await store.consumeInOrder([]), []);
      });
    });

    test('bad limits and bad point counts are refused with a RangeError', async () => {
      assert.throws(() => limiter({ points: 0, durationSeconds: 1 }), RangeError);
      assert.throws(() => limiter({ points: 1, durationSeconds: 0.5 }), RangeError);
      assert.throws(() => limiter({ points: 1, durationSeconds: 1, blockSeconds: -1 }), RangeError);
      const rl = limiter({ points: 3, durationSeconds: 10 });
      await assert.rejects(rl.consume('k', 0), RangeError);
      await assert.rejects(rl.consume('k', 1.5), RangeError);
      await assert.rejects(rl.penalty('k', -1), RangeError);
      assert.equal(await rl.get('k'), null);
    });
  });
}
