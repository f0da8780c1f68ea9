// The in-memory store (all-in-one mode) against the rate limiter conformance suite, and the one-limiter factory.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createRateLimiter, MemoryRateLimitStore, rateLimitKindFor, retryAfterSeconds } from '../../src/ratelimit/index.ts';
import { rateLimitConformance } from './ratelimit-conformance.ts';

rateLimitConformance('embedded', () => new MemoryRateLimitStore());

describe('embedded rate limiter', () => {
  test('createRateLimiter("embedded") gives a working limiter that closes', async () => {
    const rl = createRateLimiter('embedded', { prefix: 'test:rl:one', points: 1, durationSeconds: 5 });
    after(() => rl.close());
    assert.equal(rl.points, 1);
    assert.equal((await rl.consume('k')).allowed, true);
    assert.equal((await rl.consume('k')).allowed, false);
  });

  test('the run mode picks the store kind', () => {
    assert.equal(rateLimitKindFor('real'), 'redis');
    assert.equal(rateLimitKindFor('embedded'), 'embedded');
  });

  test('Retry-After seconds round up and are never 0', () => {
    assert.deepEqual([1, 999, 1000, 1001, 0].map(retryAfterSeconds), [1, 1, 1, 2, 1]);
  });
});
