// The storefront's product page with a real inventory beside it, in both run modes: names resolved, each SKU with
// what may be bought; and the degradation: with inventory stopped, or hung, the page still answers, availability unknown.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, expectFailure, forgetRowsAfterwards, startServices, startInstance, type TestDeployment } from '@mall/platform/testkit';
import inventoryService from '../../inventory/src/service.ts';
import catalogService from '../src/service.ts';
import { key, leafCategory, newProduct, sku, text, yuan, type CatalogClient } from './fixtures.ts';

/** A product on sale with two SKUs, the first of which inventory stocks with 7 units. */
async function productWithStock(catalog: CatalogClient, restock: (skuId: string, units: number) => Promise<unknown>) {
  const leaf = await leafCategory(catalog);
  const brand = await catalog.createBrand({ idempotencyKey: key(), name: text('Aurora') });
  const product = await catalog.createProduct(
    newProduct(leaf, {
      brandId: brand.id,
      status: 'on_sale',
      specs: [{ attributeId: leaf.spec, value: 'aluminium' }],
      skus: [sku(leaf, 'red', 'S', 19900), sku(leaf, 'blue', 'M', 25900)],
    }),
  );
  await restock(product.skus[0]!.id, 7);
  return { leaf, brand, product };
}

for (const mode of ['real', 'embedded'] as const) {
  describe(`the product page with inventory (${mode})`, () => {
    let deployment: TestDeployment;
    let catalog: CatalogClient;
    let forgetRows = async (): Promise<void> => {};
    before(async () => {
      if (mode === 'real') forgetRows = await forgetRowsAfterwards('catalog');
      deployment = await startServices(mode, [inventoryService, catalogService]);
      catalog = deployment.client(CatalogContract);
    });
    after(async () => {
      await deployment.shutdown();
      await forgetRows();
    });

    const restock = (skuId: string, quantity: number) =>
      deployment.client(InventoryContract).restock({ skuId, quantity, reason: 'test stock', idempotencyKey: key() });

    test('a product on sale shows its brand, categories top to leaf, specs, sale attributes and each SKU with what may be bought', async () => {
      const { leaf, brand, product } = await productWithStock(catalog, restock);
      const page = await catalog.productPage({ id: product.id });
      assert.equal(page.availabilityKnown, true);
      assert.deepEqual(page.brand, { id: brand.id, name: brand.name });
      assert.deepEqual(
        page.categories.map((c) => c.id),
        [leaf.top, leaf.middle, leaf.leaf],
      );
      assert.deepEqual(page.specs, [{ attributeId: leaf.spec, name: text('material'), value: 'aluminium' }]);
      assert.deepEqual(
        page.saleAttributes.map((a) => [a.id, a.values]),
        [
          [leaf.colour.id, ['red', 'blue']],
          [leaf.size.id, ['S', 'M', 'L']],
        ],
      );
      assert.deepEqual(
        page.skus.map((s) => [s.id, s.price, s.available]),
        [
          [product.skus[0]!.id, yuan(19900), 7],
          [product.skus[1]!.id, yuan(25900), 0],
        ],
        'a SKU inventory never stocked may not be bought',
      );
    });

    test('a draft, a product off sale and an unknown id are NOT_FOUND', async () => {
      const leaf = await leafCategory(catalog);
      const draft = await catalog.createProduct(newProduct(leaf));
      await expectFailure(catalog.productPage({ id: draft.id }), 'NOT_FOUND', 404);
      const withdrawn = await catalog.createProduct(newProduct(leaf, { status: 'on_sale', skus: [sku(leaf, 'red', 'S')] }));
      await catalog.updateProduct({ id: withdrawn.id, version: withdrawn.version, status: 'off_sale' });
      await expectFailure(catalog.productPage({ id: withdrawn.id }), 'NOT_FOUND', 404);
      await expectFailure(catalog.productPage({ id: randomUUID() }), 'NOT_FOUND', 404);
    });
  });
}

describe('the product page when inventory is down or hung (real servers)', () => {
  const started: RunningInstance[] = [];
  let forgetRows = async (): Promise<void> => {};
  let hung: ReturnType<typeof createServer>;
  const sockets = new Set<Socket>();
  before(async () => {
    forgetRows = await forgetRowsAfterwards('catalog');
    // A peer that accepts connections and never answers: a hung inventory, as a network sees one.
    hung = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    hung.listen(0, '127.0.0.1');
    await once(hung, 'listening');
  });
  after(async () => {
    for (const instance of started.reverse()) await instance.shutdown('test over');
    for (const socket of sockets) socket.destroy();
    hung.close();
    await forgetRows();
  });

  /**
   * A catalog instance that finds inventory only at `inventoryUrl` (a static registry: no other run's instances). By
   * default it asks inventory for every page (availabilityCacheMs 0): the degradation tests are about the answer without
   * inventory, not how long an answer heard before is kept.
   */
  async function catalogWith(inventoryUrl: string, settings: Record<string, string> = {}) {
    // A service's own settings come from process.env at its start (startInstance's env carries the kernel's variables).
    const own = { MALL_CATALOG_AVAILABILITY_CACHE_MS: '0', ...settings };
    const previous = Object.fromEntries(Object.keys(own).map((name) => [name, process.env[name]]));
    Object.assign(process.env, own);
    const instance = await startInstance(catalogService, {
      env: { MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: `inventory=${inventoryUrl}`, MALL_POSTGRES_POOL_SIZE: '4' },
    }).finally(() => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    started.push(instance);
    return (await connect(CatalogContract, [instance.url])).client;
  }

  test('with inventory stopped the page answers, every SKU available null and availabilityKnown false', async () => {
    const inventory = await startInstance(inventoryService, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
    const catalog = await catalogWith(inventory.url);
    const inventoryClient = (await connect(InventoryContract, [inventory.url])).client;
    const { product } = await productWithStock(catalog, (skuId, quantity) =>
      inventoryClient.restock({ skuId, quantity, reason: 'test stock', idempotencyKey: key() }),
    );
    assert.equal((await catalog.productPage({ id: product.id })).skus[0]?.available, 7);
    await inventory.shutdown('test: inventory goes away');
    const page = await catalog.productPage({ id: product.id });
    assert.equal(page.availabilityKnown, false);
    assert.deepEqual(
      page.skus.map((s) => s.available),
      [null, null],
    );
    assert.deepEqual(page.skus[0]?.price, yuan(19900), 'the rest of the page is whole');
  });

  test("inventory's answer serves the product's pages for availabilityCacheMs, then a page asks again", async () => {
    const inventory = await startInstance(inventoryService, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
    started.push(inventory);
    // A deadline a loaded test machine meets: this test is about the answers heard, not about inventory being slow.
    const cached = (ms: number) => ({ MALL_CATALOG_AVAILABILITY_CACHE_MS: String(ms), MALL_CATALOG_AVAILABILITY_TIMEOUT_MS: '5000' });
    const [keeping, brief] = [await catalogWith(inventory.url, cached(60_000)), await catalogWith(inventory.url, cached(200))];
    const inventoryClient = (await connect(InventoryContract, [inventory.url])).client;
    const restock = (skuId: string, quantity: number) =>
      inventoryClient.restock({ skuId, quantity, reason: 'test stock', idempotencyKey: key() });
    const { product } = await productWithStock(keeping, restock);
    const available = async (catalog: CatalogClient) => (await catalog.productPage({ id: product.id })).skus[0]?.available;
    for (const catalog of [keeping, brief]) assert.equal(await available(catalog), 7);
    await restock(product.skus[0]!.id, 3);
    assert.equal(await available(keeping), 7, 'within its minute the answer heard is served again, inventory not asked');
    assert.notEqual(await within(2000, async () => (await available(brief)) === 10), undefined, 'after 200 ms inventory is asked again');
    const price = await keeping.updateSku({ id: product.skus[0]!.id, version: product.skus[0]!.version, price: yuan(18900) });
    assert.equal(price.price.amount, 18900);
    const page = await keeping.productPage({ id: product.id });
    assert.deepEqual([page.skus[0]?.price, page.skus[0]?.available], [yuan(18900), 10], 'a changed product is a new page, asked anew');
  });

  test('with inventory hung the page answers once availabilityTimeoutMs has passed, availability unknown', async () => {
    const catalog = await catalogWith(`http://127.0.0.1:${(hung.address() as AddressInfo).port}`);
    const leaf = await leafCategory(catalog);
    const product = await catalog.createProduct(newProduct(leaf, { status: 'on_sale', skus: [sku(leaf, 'red', 'S')] }));
    const page = await catalog.productPage({ id: product.id });
    assert.equal(page.availabilityKnown, false);
    assert.equal(page.skus[0]?.available, null);
  });
});

/** Polls `check` until it holds (answers the ms it took) or `timeoutMs` passed (undefined). */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started <= timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}
