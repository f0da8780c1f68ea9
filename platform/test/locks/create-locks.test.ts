// createLocks builds a working adapter of each kind from the environment's addresses,
// so the runtime can switch stores by configuration alone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { Redis } from 'ioredis';
import { redisUrlFromEnv } from '../../src/kv/index.ts';
import { createLocks } from '../../src/locks/index.ts';
import { etcdEndpoints } from '../../src/etcd/index.ts';

describe('createLocks', () => {
  for (const kind of ['embedded', 'redis', 'etcd'] as const) {
    test(`a "${kind}" lock excludes a second client until released`, async () => {
      const prefix = kind === 'etcd' ? `test/create-locks/${randomUUID()}/` : `test:create-locks:${randomUUID()}:`;
      const [a, b] = [createLocks(kind, { prefix }), createLocks(kind, { prefix })];
      try {
        const held = await a.acquire('checkout', { ttlMs: 5000 });
        assert.ok(held);
        assert.equal(await b.acquire('checkout', { ttlMs: 5000 }), null);
        await held.release();
        const next = await b.acquire('checkout', { ttlMs: 5000 });
        assert.ok(next && next.token > held.token);
        await next.release();
      } finally {
        await Promise.all([a.close(), b.close()]);
        await removeFenceKeys(kind, prefix);
      }
    });
  }

  test('MALL_ETCD_ENDPOINTS is read as a comma-separated list', () => {
    const saved = process.env.MALL_ETCD_ENDPOINTS;
    try {
      process.env.MALL_ETCD_ENDPOINTS = 'http://10.0.0.1:2379, http://10.0.0.2:2379,';
      assert.deepEqual(etcdEndpoints(), ['http://10.0.0.1:2379', 'http://10.0.0.2:2379']);
      delete process.env.MALL_ETCD_ENDPOINTS;
      assert.deepEqual(etcdEndpoints(), ['http://127.0.0.1:2379']);
    } finally {
      if (saved === undefined) delete process.env.MALL_ETCD_ENDPOINTS;
      else process.env.MALL_ETCD_ENDPOINTS = saved;
    }
  });
});

/** Released locks leave their fencing counters behind on Redis; the etcd prefix is cleared too, in case. */
async function removeFenceKeys(kind: 'embedded' | 'redis' | 'etcd', prefix: string): Promise<void> {
  if (kind === 'redis') {
    const raw = new Redis(redisUrlFromEnv());
    for await (const keys of raw.scanStream({ match: `${prefix}*` }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await raw.unlink(...keys);
    }
    await raw.quit();
  } else if (kind === 'etcd') {
    const raw = new Etcd3({ hosts: etcdEndpoints() });
    await raw.delete().prefix(prefix).exec();
    raw.close();
  }
}
