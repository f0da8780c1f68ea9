// The storefront cache as the catalog uses it, on the real servers (two catalog instances in this process, one
// Redis, one NATS) and all-in-one. Each protection has a test that fails without it: penetration (an unknown id
// never reaches SQL; a draft's id reaches it once), breakdown (1,000 concurrent misses of one page → at most one
// SQL read per instance), avalanche (pages written together expire apart), and invalidation (a write is seen by the
// other instance at once). SQL reads are counted as calls of the cache's loader (the kernel's
// mall_cache_loads_total{cache="catalog.product-page"}), each of which is the page's one SQL read; the lookups are
// counted too, so a read that bypassed the cache fails the test instead of passing it. The listing's pages are cached
// the same way (catalog.listing), under a write generation that every write to the listing replaces.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { CatalogContract, type CatalogOutput } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { createKv, type Kv } from '@mall/platform/kv';
import { metrics } from '@mall/platform/observability';
import type { RunningInstance } from '@mall/platform/runtime';
import {
  connect,
  expectFailure,
  forgetRowsAfterwards,
  startEmbedded,
  startInstance,
  testServers,
  type Connection,
  type EmbeddedHost,
} from '@mall/platform/testkit';
import inventoryService from '../../inventory/src/service.ts';
import catalogService from '../src/service.ts';
import { key, leafCategory, newProduct, sku, text, yuan, type CatalogClient } from './fixtures.ts';

const PAGES = 'catalog.product-page';
const TTL_MS = 10 * 60_000;

/** The kernel's count of a cache's lookups or loads with an outcome, summed over every instance in this process. */
async function counted(metric: 'lookups' | 'loads', outcome: string, cache = PAGES): Promise<number> {
  const counter = metric === 'lookups' ? metrics.cacheLookups : metrics.cacheLoads;
  const { values } = await counter.get();
  return values.filter((v) => v.labels.cache === cache && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
}

/** Runs `fn` and answers how each of the named counts moved meanwhile. */
async function delta<K extends string>(counts: Record<K, () => Promise<number>>, fn: () => Promise<unknown>): Promise<Record<K, number>> {
  const names = Object.keys(counts) as K[];
  const before = await Promise.all(names.map((n) => counts[n]()));
  await fn();
  const after = await Promise.all(names.map((n) => counts[n]()));
  return Object.fromEntries(names.map((n, i) => [n, after[i]! - before[i]!])) as Record<K, number>;
}

const LISTING = 'catalog.listing';
const sqlReads = () => Promise.all([counted('loads', 'found'), counted('loads', 'absent')]).then(([a, b]) => a + b);
const listingReads = () => counted('loads', 'found', LISTING);
const lookups = (cache = PAGES) =>
  Promise.all(
    ['local_hit', 'redis_hit', 'negative_hit', 'bloom_rejected', 'miss', 'coalesced'].map((o) => counted('lookups', o, cache)),
  ).then((all) => all.reduce((a, b) => a + b, 0));

async function productOnSale(catalog: CatalogClient, amount = 19900) {
  const leaf = await leafCategory(catalog, 'cache');
  const product = await catalog.createProduct(newProduct(leaf, { status: 'on_sale', skus: [sku(leaf, 'red', 'S', amount)] }));
  return { leaf, product };
}

describe('the storefront cache on two catalog instances (real servers)', () => {
  const started: RunningInstance[] = [];
  const connections: Connection<typeof CatalogContract>[] = [];
  let a: CatalogClient;
  let b: CatalogClient;
  let redis: Kv;
  let forgetRows = async (): Promise<void> => {};

  before(async () => {
    forgetRows = await forgetRowsAfterwards('catalog');
    started.push(await startInstance(inventoryService));
    // A burst of 1,000 pages outruns inventory's 300 ms: those pages answer without availability, and warn; quiet here.
    const env = { MALL_POSTGRES_POOL_SIZE: '4', MALL_LOG_LEVEL: 'error' };
    started.push(await startInstance(catalogService, { env }), await startInstance(catalogService, { env }));
    for (const instance of started.slice(1)) connections.push(await connect(CatalogContract, [instance.url]));
    [a, b] = connections.map((c) => c.client) as [CatalogClient, CatalogClient];
    redis = createKv('redis', { url: testServers.MALL_REDIS_URL, prefix: 'mall:catalog:' });
  });
  after(async () => {
    await redis?.close();
    for (const c of connections) await c.close();
    for (const instance of started.reverse()) await instance.shutdown('test over');
    await forgetRows();
  });

  test('penetration: an id no product has is refused by the Bloom filter, with no SQL read however often it is asked', async () => {
    const unknown = randomUUID();
    const moved = await delta({ sqlReads, rejected: () => counted('lookups', 'bloom_rejected') }, async () => {
      for (let i = 0; i < 50; i++) await expectFailure(a.productPage({ id: unknown }), 'NOT_FOUND', 404);
    });
    assert.deepEqual(moved, { sqlReads: 0, rejected: 50 });
  });

  test("penetration: a draft's id (known, not on sale) is read from SQL once and then answered by a negative entry", async () => {
    const leaf = await leafCategory(a, 'draft');
    const draft = await a.createProduct(newProduct(leaf));
    const moved = await delta({ sqlReads, negative: () => counted('lookups', 'negative_hit') }, async () => {
      for (let i = 0; i < 25; i++) {
        await expectFailure(a.productPage({ id: draft.id }), 'NOT_FOUND', 404);
        await expectFailure(b.productPage({ id: draft.id }), 'NOT_FOUND', 404);
      }
    });
    assert.equal(moved.sqlReads, 1, 'one SQL read for 50 asks on two instances (the other found the negative entry in Redis)');
    assert.equal(moved.negative, 49);
  });

  test('breakdown: 1,000 concurrent misses of one product page, 500 on each instance → at most one SQL read per instance', async () => {
    const { product } = await productOnSale(a);
    const moved = await delta({ sqlReads, lookups }, async () => {
      const pages = await Promise.all(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? a : b).productPage({ id: product.id })));
      assert.ok(pages.every((p) => p.id === product.id && p.skus[0]!.price.amount === 19900));
    });
    assert.equal(moved.lookups, 1000, 'every read went through the cache');
    assert.ok(moved.sqlReads >= 1 && moved.sqlReads <= 2, `SQL reads: ${moved.sqlReads}`);
  });

  test('avalanche: product pages cached together expire spread over the jitter window', async () => {
    const leaf = await leafCategory(a, 'avalanche');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await a.createProduct(newProduct(leaf, { status: 'on_sale', skus: [sku(leaf, 'red', 'S', 1000 + i)] }))).id);
    await Promise.all(ids.map((id) => a.productPage({ id })));
    const ttls = await Promise.all(ids.map((id) => redis.ttl(`cache:product-page:${id}`)));
    const spread = Math.max(...ttls) - Math.min(...ttls);
    // Uniform over a 120 s window: 30 draws within 20 s of each other is vanishingly unlikely; without jitter they sit within the write time.
    assert.ok(spread > 20_000, `ttl spread ${spread} ms`);
    assert.ok(Math.min(...ttls) > TTL_MS - 10_000 && Math.max(...ttls) <= TTL_MS * 1.2, `ttls ${Math.min(...ttls)}..${Math.max(...ttls)}`);
  });

  test('a price change on one instance shows on the other within 1 s, availability still asked per request', async () => {
    const { product } = await productOnSale(a, 19900);
    const skuId = product.skus[0]!.id;
    const inventory = await connect(InventoryContract, [started[0]!.url]);
    await inventory.client.restock({ skuId, quantity: 3, reason: 'cache test', idempotencyKey: key() });
    await inventory.close();
    for (const client of [a, b, a, b]) assert.equal((await client.productPage({ id: product.id })).skus[0]!.price.amount, 19900);
    await a.updateSku({ id: skuId, version: product.skus[0]!.version, price: yuan(15900) });
    const seen = await within(1000, async () =>
      (await Promise.all([a, b].map((c) => c.productPage({ id: product.id })))).every((p) => p.skus[0]!.price.amount === 15900),
    );
    assert.notEqual(seen, undefined, 'both instances show the new price within 1 s');
    const page = await b.productPage({ id: product.id });
    assert.deepEqual([page.availabilityKnown, page.skus[0]!.available], [true, 3]);
  });

  test('a rename of a category or a brand, and taking a product off sale, show on both instances within 1 s', async () => {
    const brand = await a.createBrand({ idempotencyKey: key(), name: text('Before') });
    const { leaf, product } = await productOnSale(a);
    const branded = await a.updateProduct({ id: product.id, version: product.version, brandId: brand.id });
    for (const client of [a, b]) {
      await client.productPage({ id: product.id });
      await client.categoryTree({});
    }
    const middle = await a.getCategory({ id: leaf.middle });
    await b.updateCategory({ id: leaf.middle, version: middle.version, name: text('Renamed middle') });
    await a.updateBrand({ id: brand.id, version: brand.version, name: text('After') });
    const renamed = await within(1000, async () => {
      const [pa, pb] = await Promise.all([a, b].map((c) => c.productPage({ id: product.id })));
      const [ta, tb] = await Promise.all([a, b].map((c) => c.categoryTree({})));
      const middleIn = (t: CatalogOutput<'categoryTree'>) => t.categories.find((c) => c.id === leaf.top)?.children[0]?.name.en;
      return (
        [pa!, pb!].every((p) => p.categories[1]!.name.en === 'Renamed middle' && p.brand?.name.en === 'After') &&
        [ta!, tb!].every((t) => middleIn(t) === 'Renamed middle')
      );
    });
    assert.notEqual(renamed, undefined, 'the names changed on both instances within 1 s');
    await a.updateProduct({ id: product.id, version: branded.version, status: 'off_sale' });
    const gone = await within(1000, async () => {
      const answers = await Promise.allSettled([a, b].map((c) => c.productPage({ id: product.id })));
      return answers.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'NOT_FOUND');
    });
    assert.notEqual(gone, undefined, 'the page is gone on both instances within 1 s');
  });

  test('the listing: a page is read from SQL at most once per instance, its filters in any order; a write shows on both within 1 s', async () => {
    const { leaf, product } = await productOnSale(a, 12000);
    const [colour, size] = [`${leaf.colour.id}:red`, `${leaf.size.id}:S`];
    const query = (attrs: string[]) => ({ categoryId: leaf.leaf, attrs, page: 1, pageSize: 20 });
    const moved = await delta({ sqlReads: () => listingReads(), lookups: () => lookups(LISTING) }, async () => {
      for (let i = 0; i < 5; i++)
        for (const [client, attrs] of [
          [a, [colour, size]],
          [b, [size, colour]],
        ] as const) {
          const page = await client.searchProducts(query([...attrs]));
          assert.deepEqual([page.total, page.items[0]?.id, page.items[0]?.price.amount], [1, product.id, 12000]);
        }
    });
    assert.equal(moved.lookups, 10, 'every read went through the cache');
    // One, or one per instance when the other's generation was made while it still heard the write before this test.
    assert.ok(moved.sqlReads >= 1 && moved.sqlReads <= 2, `SQL reads: ${moved.sqlReads}`);
    await a.updateSku({ id: product.skus[0]!.id, version: product.skus[0]!.version, price: yuan(11000) });
    const second = await b.createProduct(newProduct(leaf, { status: 'on_sale', skus: [sku(leaf, 'red', 'S', 13000)] }));
    const seen = await within(1000, async () =>
      (await Promise.all([a, b].map((c) => c.searchProducts(query([colour, size]))))).every(
        (page) =>
          page.total === 2 &&
          page.items.some((i) => i.id === product.id && i.price.amount === 11000) &&
          page.items.some((i) => i.id === second.id),
      ),
    );
    assert.notEqual(seen, undefined, 'the new price and the new product are listed on both instances within 1 s');
  });

  test('the home page follows a featured product’s price on both instances', async () => {
    const { product } = await productOnSale(a, 30000);
    const section = await a.createHomeSection({ idempotencyKey: key(), kind: 'featured', title: text('Picks'), productIds: [product.id] });
    const priceOn = async (c: CatalogClient) =>
      (await c.homePage({})).featured.find((f) => f.id === section.id)?.products.find((p) => p.id === product.id)?.price?.amount;
    for (const client of [a, b]) assert.equal(await priceOn(client), 30000);
    await b.updateSku({ id: product.skus[0]!.id, version: product.skus[0]!.version, price: yuan(25000) });
    assert.notEqual(await within(1000, async () => (await priceOn(a)) === 25000 && (await priceOn(b)) === 25000), undefined);
    await a.deleteHomeSection({ id: section.id });
  });
});

describe('the storefront cache all-in-one', () => {
  let host: EmbeddedHost;
  let catalog: CatalogClient;
  before(async () => {
    host = await startEmbedded([inventoryService, catalogService]);
    catalog = host.client(CatalogContract);
  });
  after(() => host.shutdown('test over'));

  test('breakdown: 1,000 concurrent misses of one product page → one SQL read', async () => {
    const { product } = await productOnSale(catalog);
    const moved = await delta({ sqlReads, lookups }, () =>
      Promise.all(Array.from({ length: 1000 }, () => catalog.productPage({ id: product.id }))),
    );
    assert.deepEqual(moved, { sqlReads: 1, lookups: 1000 });
  });

  test('the listing: a repeated query is read from SQL once; a write is listed at once', async () => {
    const { leaf, product } = await productOnSale(catalog, 7000);
    const query = { categoryId: leaf.leaf, sort: 'price_asc' as const, page: 1, pageSize: 10 };
    const moved = await delta({ sqlReads: () => listingReads() }, async () => {
      for (let i = 0; i < 10; i++) assert.equal((await catalog.searchProducts(query)).items[0]?.price.amount, 7000);
    });
    assert.equal(moved.sqlReads, 1);
    await catalog.updateSku({ id: product.skus[0]!.id, version: product.skus[0]!.version, price: yuan(6000) });
    assert.equal((await catalog.searchProducts(query)).items[0]?.price.amount, 6000);
    await catalog.updateProduct({ id: product.id, version: (await catalog.getProduct({ id: product.id })).version, status: 'off_sale' });
    assert.equal((await catalog.searchProducts(query)).total, 0);
  });

  test('penetration: an unknown id never reaches SQL; a price change shows at once', async () => {
    const { product } = await productOnSale(catalog, 5000);
    const moved = await delta({ sqlReads }, async () => {
      for (let i = 0; i < 20; i++) await expectFailure(catalog.productPage({ id: randomUUID() }), 'NOT_FOUND', 404);
    });
    assert.equal(moved.sqlReads, 0);
    assert.equal((await catalog.productPage({ id: product.id })).skus[0]!.price.amount, 5000);
    await catalog.updateSku({ id: product.skus[0]!.id, version: product.skus[0]!.version, price: yuan(4000) });
    assert.equal((await catalog.productPage({ id: product.id })).skus[0]!.price.amount, 4000);
  });
});

async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started <= timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}
