// The Redis store against the rate limiter conformance suite on the real Redis, plus what only it has:
// instances share counts, and an unreachable Redis degrades to per-process counting instead of failing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisUrlFromEnv } from '../../src/kv/index.ts';
import { createRateLimiter, RedisRateLimitStore } from '../../src/ratelimit/index.ts';
import { rateLimitConformance } from './ratelimit-conformance.ts';

const url = redisUrlFromEnv();

rateLimitConformance('redis', () => new RedisRateLimitStore({ url }));

describe('redis rate limiter', () => {
  const raw = new Redis(url);
  after(() => raw.quit());

  test('two instances with the same prefix count in the same Redis key', async () => {
    const prefix = `test:rl:${randomUUID()}`;
    const a = createRateLimiter('redis', { url, prefix, points: 2, durationSeconds: 10 });
    const b = createRateLimiter('redis', { url, prefix, points: 2, durationSeconds: 10 });
    after(() => Promise.all([a.close(), b.close()]));
    assert.equal((await a.consume('1.2.3.4')).allowed, true);
    assert.equal((await b.consume('1.2.3.4')).allowed, true);
    assert.equal((await a.consume('1.2.3.4')).allowed, false);
    assert.equal(await raw.get(`${prefix}:1.2.3.4`), '3');
    const ttl = await raw.pttl(`${prefix}:1.2.3.4`);
    assert.ok(ttl > 0 && ttl <= 10_000, `ttl ${ttl}`);
  });

  test('with Redis unreachable the limiter still counts, in process memory, without waiting', async () => {
    const errors: Error[] = [];
    const store = new RedisRateLimitStore({ url: 'redis://127.0.0.1:1', onConnectionError: (err) => errors.push(err) });
    after(() => store.close());
    const rl = store.limiter({ prefix: `test:rl:${randomUUID()}`, points: 2, durationSeconds: 10 });
    const started = Date.now();
    const answers = [await rl.consume('k'), await rl.consume('k'), await rl.consume('k')];
    assert.deepEqual(
      answers.map((a) => a.allowed),
      [true, true, false],
    );
    assert.ok(Date.now() - started < 500, 'answered without waiting for Redis');
    assert.ok(errors.length > 0, 'the connection failure was reported');
  });
});
