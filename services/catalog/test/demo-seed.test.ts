// The demo catalog as `npm start` loads it: the all-in-one host with inventory and catalog, demoCatalog on. The
// shop can then be browsed and searched in both languages, and every SKU has its stock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { startServices, type TestDeployment } from '@mall/platform/testkit';
import inventoryService from '../../inventory/src/service.ts';
import { demoCatalog } from '../src/demo/demo-catalog.ts';
import catalogService from '../src/service.ts';

describe('the demo catalog on a first start (all-in-one)', () => {
  let deployment: TestDeployment;
  const demo = demoCatalog();
  before(async () => {
    // Services read their settings from the environment at start (the kernel's testSettings cover the kernel's only).
    process.env.MALL_CATALOG_DEMO_CATALOG = 'true';
    deployment = await startServices('embedded', [inventoryService, catalogService]);
  });
  after(async () => {
    delete process.env.MALL_CATALOG_DEMO_CATALOG;
    await deployment.shutdown();
  });

  test('every demo product is on sale, and the tree holds every demo category', async () => {
    const catalog = deployment.client(CatalogContract);
    assert.equal((await catalog.searchProducts({ page: 1, pageSize: 1 })).total, demo.products.length);
    const tree = await catalog.categoryTree({});
    assert.deepEqual(
      tree.categories.map((c) => c.name.en),
      demo.categories.map((c) => c.name.en),
    );
    const home = await catalog.homePage({});
    assert.equal(home.featured.length, demo.featured.length);
  });

  test('every product shows its generated picture, the home page its banners, all stored through the blob port', async () => {
    const catalog = deployment.client(CatalogContract);
    const { items } = await catalog.searchProducts({ page: 1, pageSize: 100 });
    for (const item of items) assert.match(item.image ?? '', /^\/api\/images\/[0-9a-f]{64}\.svg$/, item.title.en);
    const home = await catalog.homePage({});
    assert.equal(home.banners.length, demo.banners.length);
    const key = (url: string) => url.slice('/api/images/'.length);
    const banner = await catalog.image({ key: key(home.banners[0]!.image) });
    assert.equal(banner.contentType, 'image/svg+xml');
    assert.equal(Buffer.from(banner.data, 'base64').toString('utf8'), demo.banners[0]!.image);
    const picture = await catalog.image({ key: key(items[0]!.image!) });
    assert.match(Buffer.from(picture.data, 'base64').toString('utf8'), /^<svg /);
  });

  test('"蓝牙耳机" and "headphone" find the demo headphones', async () => {
    const catalog = deployment.client(CatalogContract);
    const zh = await catalog.searchProducts({ q: '蓝牙耳机', page: 1, pageSize: 50 });
    assert.ok(zh.items.length > 0 && zh.items.every((i) => i.title.zh.includes('蓝牙耳机')));
    const en = await catalog.searchProducts({ q: 'headphone', page: 1, pageSize: 50 });
    assert.ok(en.items.some((i) => /Wireless Headphones/.test(i.title.en)));
  });

  test("a product page shows each SKU's demo stock, and the stock audit is clean", async () => {
    const catalog = deployment.client(CatalogContract);
    const [first] = (await catalog.searchProducts({ q: 'Aurora Wireless Headphones', sort: 'price_asc', page: 1, pageSize: 1 })).items;
    assert.ok(first);
    const page = await catalog.productPage({ id: first.id });
    assert.equal(page.availabilityKnown, true);
    const byBarcode = new Map(demo.products.flatMap((p) => p.skus).map((s) => [s.barcode, s.stock]));
    const product = await catalog.getProduct({ id: first.id });
    for (const sku of page.skus) {
      const barcode = product.skus.find((s) => s.id === sku.id)?.barcode;
      assert.equal(sku.available, byBarcode.get(barcode ?? ''), `SKU ${barcode}`);
    }
    const audit = await deployment.client(InventoryContract).audit({});
    assert.equal(audit.findings.length, 0);
  });
});
