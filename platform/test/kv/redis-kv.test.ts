// RedisKv against the kv conformance suite on the real Redis, plus what only Redis has: the key prefix
// on the server and scripts called by SHA. Every key this file writes is removed afterwards.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisKv, createKv, defineScript, redisUrlFromEnv } from '../../src/kv/index.ts';
import { kvConformance } from './kv-conformance.ts';

const url = redisUrlFromEnv();
const raw = new Redis(url);
const prefixes = new Set<string>();

async function removeKeysUnder(prefix: string): Promise<void> {
  for await (const keys of raw.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await raw.unlink(...keys);
  }
}

after(async () => {
  for (const prefix of prefixes) await removeKeysUnder(prefix);
  await raw.quit();
});

kvConformance('redis', (prefix) => {
  prefixes.add(prefix);
  return new RedisKv({ url, prefix });
});

describe('redis kv', () => {
  const prefix = `test:kv:${randomUUID()}:`;
  prefixes.add(prefix);
  const kv = createKv('redis', { prefix });
  after(() => kv.close());

  test('keys live on the server under the prefix', async () => {
    await kv.set('sku:1', 'stock');
    await kv.hset('sku:1:attrs', 'color', 'red');
    assert.equal(await raw.get(`${prefix}sku:1`), 'stock');
    assert.equal(await raw.hget(`${prefix}sku:1:attrs`, 'color'), 'red');
    assert.equal(await raw.exists('sku:1:attrs'), 0);
  });

  test('a script unknown to Redis is loaded once on first use and then called by its SHA', async () => {
    const nonce = randomUUID();
    const script = defineScript<string>({
      name: 'test.fresh',
      lua: `-- ${nonce}\nreturn redis.call('GET', KEYS[1]) or 'none'`,
      embedded: (store, [k = '']) => store.get(k) ?? 'none',
    });
    const sha = createHash('sha1').update(script.lua).digest('hex');
    assert.deepEqual(await raw.call('SCRIPT', 'EXISTS', sha), [0]);
    await kv.set('fresh', 'loaded');
    const replies = await Promise.all(Array.from({ length: 20 }, () => kv.run(script, ['fresh'], [])));
    assert.deepEqual(new Set(replies), new Set(['loaded']));
    assert.deepEqual(await raw.call('SCRIPT', 'EXISTS', sha), [1]);
  });
});
