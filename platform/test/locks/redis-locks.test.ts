// RedisLocks against the locks conformance suite on the real Redis.
// Each run uses its own key prefix, and every key written is removed afterwards.
import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { Redis } from 'ioredis';
import { redisUrlFromEnv } from '../../src/kv/index.ts';
import { RedisLocks } from '../../src/locks/index.ts';
import { locksConformance } from './locks-conformance.ts';

const url = redisUrlFromEnv();
const prefix = `test:locks:${randomUUID()}:`;

after(async () => {
  const raw = new Redis(url);
  for await (const keys of raw.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await raw.unlink(...keys);
  }
  await raw.quit();
});

locksConformance('redis', { makeLocks: () => new RedisLocks({ url, prefix }), ttlUnitMs: 100 });
