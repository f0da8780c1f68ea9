import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoCatalog, ean13, type DemoCategory } from '../../src/demo/demo-catalog.ts';
import { escapeXml, productImage } from '../../src/demo/demo-images.ts';

const leaves = (categories: DemoCategory[]): DemoCategory[] => categories.flatMap((c) => (c.children?.length ? leaves(c.children) : [c]));
const depth = (c: DemoCategory): number => 1 + Math.max(0, ...(c.children ?? []).map(depth));

describe('the demo catalog', () => {
  const catalog = demoCatalog();

  test('has at least 5 top categories, each three levels deep, and at least 200 products with 600 SKUs', () => {
    assert.ok(catalog.categories.length >= 5);
    for (const top of catalog.categories) assert.equal(depth(top), 3, top.key);
    assert.ok(catalog.products.length >= 200, `${catalog.products.length} products`);
    assert.ok(catalog.products.flatMap((p) => p.skus).length >= 600);
  });

  test('is the same on every run (seeded), and another seed gives another shop', () => {
    assert.deepEqual(demoCatalog(), catalog);
    assert.notDeepEqual(demoCatalog(7).products[0]?.skus, catalog.products[0]?.skus);
  });

  test('every key is unique and every product names a leaf category and a brand that exist', () => {
    const categoryKeys = [...catalog.categories, ...catalog.categories.flatMap((c) => c.children ?? []), ...leaves(catalog.categories)].map(
      (c) => c.key,
    );
    assert.equal(new Set(categoryKeys).size, categoryKeys.length);
    const productKeys = catalog.products.map((p) => p.key);
    assert.equal(new Set(productKeys).size, productKeys.length);
    const leafKeys = new Set(leaves(catalog.categories).map((c) => c.key));
    const brandKeys = new Set(catalog.brands.map((b) => b.key));
    for (const p of catalog.products) {
      assert.ok(leafKeys.has(p.categoryKey), p.key);
      assert.ok(brandKeys.has(p.brandKey), p.key);
    }
    for (const list of catalog.featured) for (const key of list.productKeys) assert.ok(productKeys.includes(key), key);
  });

  test("a SKU takes one allowed value of each of its category's sale attributes, one SKU per combination", () => {
    const byKey = new Map(leaves(catalog.categories).map((c) => [c.key, c]));
    for (const p of catalog.products) {
      const sale = byKey.get(p.categoryKey)?.saleAttributes ?? [];
      assert.ok(sale.length > 0, p.key);
      const combos = p.skus.map((s) => JSON.stringify(s.attrs));
      assert.equal(new Set(combos).size, combos.length, p.key);
      for (const sku of p.skus) {
        assert.deepEqual(Object.keys(sku.attrs).sort(), sale.map((a) => a.key).sort(), p.key);
        for (const a of sale)
          assert.ok(
            a.values.some((v) => v.en === sku.attrs[a.key]),
            `${p.key} ${a.key}`,
          );
      }
    }
  });

  test('prices are positive integer minor units and barcodes are unique valid EAN-13s', () => {
    const skus = catalog.products.flatMap((p) => p.skus);
    for (const sku of skus) {
      assert.ok(Number.isInteger(sku.priceAmount) && sku.priceAmount > 0);
      assert.ok(Number.isInteger(sku.stock) && sku.stock >= 0);
      assert.equal(ean13(sku.barcode.slice(0, 12)), sku.barcode);
    }
    assert.equal(new Set(skus.map((s) => s.barcode)).size, skus.length);
    assert.ok(skus.some((s) => s.stock === 0) && skus.some((s) => s.stock > 0), 'some SKUs start sold out');
  });

  test('every text is given in Chinese and English', () => {
    for (const p of catalog.products)
      for (const text of [p.title, p.subtitle, p.description, ...p.specs.flatMap((s) => [s.name, s.value])]) {
        assert.ok(text.zh.length > 0 && text.en.length > 0, p.key);
        assert.match(text.zh + p.title.zh, /[\u4e00-\u9fff]/, p.key);
      }
  });

  test('holds the products the search examples look for', () => {
    assert.ok(catalog.products.some((p) => p.title.zh.includes('无线蓝牙耳机')));
    assert.ok(catalog.products.some((p) => /Wireless Headphones/.test(p.title.en)));
  });

  test('pictures are SVG documents with the name escaped', () => {
    const svg = productImage({ key: 'k', title: 'Tom & Jerry <3 "quoted"', category: 'Toys', hue: 10 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    assert.ok(svg.includes('Tom &amp; Jerry &lt;3'));
    assert.ok(!svg.includes('<3'));
    assert.equal(escapeXml(`a'b`), 'a&apos;b');
    for (const p of catalog.products.slice(0, 5)) assert.match(p.image, /<\/svg>$/);
  });
});
