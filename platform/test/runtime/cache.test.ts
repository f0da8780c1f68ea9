// The kernel's ctx.cache in both run modes: a service opens a read-through cache in setup with no wiring of its
// own, two instances of it hear each other's invalidations, and the runtime closes the cache at stop.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { JetStreamBroker } from '../../src/bus/index.ts';
import type { Cache } from '../../src/cache/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { defineService, openInfrastructure, type Infrastructure } from '../../src/runtime/index.ts';
import { startService, type StartedService } from '../../src/runtime/start-service.ts';
import { testServers, testSettings } from '../../src/testkit/index.ts';

const log = createLogger({ service: 'shelf', level: 'silent' });

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(10);
  }
}

/** A service whose only per-instance object is a cache of "products" read from a shared map; `opened` sees it. */
function shelfService(name: string, rows: Map<string, string>, loads: { count: number }, opened: (cache: Cache) => void) {
  return defineService({
    name,
    setup: async (ctx) => {
      const products = await ctx.cache('product', {
        ttlMs: 60_000,
        load: async (id) => {
          loads.count++;
          return rows.get(id) ?? null;
        },
      });
      opened(products);
      return { products };
    },
  });
}

const caches = new WeakMap<StartedService, Cache>();
const productsOf = (started: StartedService): Cache => caches.get(started)!;

for (const mode of ['embedded', 'real'] as const) {
  describe(`ctx.cache (${mode})`, () => {
    const service = `shelf${Math.random().toString(36).slice(2, 8)}`;
    const infras: Infrastructure[] = [];
    let dir: string | undefined;

    after(async () => {
      for (const infra of infras) await infra.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      if (mode === 'real') {
        const admin = await JetStreamBroker.connect({ servers: testServers.MALL_NATS_URL, name: 'cache-runtime-cleanup' });
        await admin.deleteStream(`broadcast.${service}.cache`);
        await admin.close();
        const raw = new Redis(testServers.MALL_REDIS_URL);
        for await (const keys of raw.scanStream({ match: `mall:${service}:*`, count: 500 }) as AsyncIterable<string[]>) {
          if (keys.length > 0) await raw.unlink(...keys);
        }
        await raw.quit();
      }
    });

    /** An instance in a "process" of its own (its own infrastructure) in the cluster; in the one host all-in-one. */
    async function startShelf(rows: Map<string, string>, loads: { count: number }): Promise<StartedService> {
      let infra = infras[0];
      if (mode === 'real' || !infra) {
        if (mode === 'embedded') dir = await mkdtemp(join(tmpdir(), 'mall-runtime-cache-'));
        infra = await openInfrastructure(testSettings({ mode, dataDir: dir, label: 'cache' }));
        infras.push(infra);
      }
      let cache: Cache | undefined;
      const def = shelfService(service, rows, loads, (opened) => (cache = opened));
      const started = await startService(def, infra, { instanceId: `${service}-${infras.length}-${Math.random()}`, log });
      caches.set(started, cache!);
      return started;
    }

    test('two instances serve from their caches and a change made on one shows on the other within a second', async () => {
      const rows = new Map([['p-1', '{"price":100}']]);
      const loads = { count: 0 };
      const one = await startShelf(rows, loads);
      const two = await startShelf(rows, loads);
      try {
        assert.equal(await productsOf(one).get('p-1'), '{"price":100}');
        assert.equal(await productsOf(two).get('p-1'), '{"price":100}');
        assert.equal(loads.count, 1, 'the second instance found it in the shared level');
        rows.set('p-1', '{"price":90}');
        await productsOf(one).invalidate('p-1');
        await eventually(
          'the other instance to serve the change',
          async () => (await productsOf(two).get('p-1')) === '{"price":90}',
          1_000,
        );
      } finally {
        await one.stop();
        await two.stop();
      }
    });

    test('the runtime closes the cache at stop, and a name is opened once per instance', async () => {
      const started = await startShelf(new Map(), { count: 0 });
      const cache = productsOf(started);
      await assert.rejects(started.context.cache('product', { ttlMs: 1000, load: async () => null }), /opened cache product twice/);
      await started.stop();
      await assert.rejects(cache.get('p-1'), /closed/);
    });
  });
}
