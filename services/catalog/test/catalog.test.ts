// Catalog in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client. Every business code and VERSION_CONFLICT is exercised.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CatalogContract } from '@mall/contracts/catalog';
import { expectFailure, forgetRowsAfterwards, startServices, type TestDeployment } from '@mall/platform/testkit';
import catalogService from '../src/service.ts';
import { key, leafCategory, newProduct, sku, text, yuan, type CatalogClient } from './fixtures.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`catalog (${mode})`, () => {
    let deployment: TestDeployment;
    let catalog: CatalogClient;
    let forgetRows = async (): Promise<void> => {};
    before(async () => {
      deployment = await startServices(mode, [catalogService]);
      catalog = deployment.client(CatalogContract);
      if (mode === 'real') forgetRows = await forgetRowsAfterwards('catalog');
    });
    after(async () => {
      await forgetRows();
      await deployment.shutdown();
    });

    describe('categories', () => {
      test('a three-level tree is created, read back and listed by parent in position order', async () => {
        const top = await catalog.createCategory({ idempotencyKey: key(), name: text('Electronics'), position: 1 });
        assert.deepEqual([top.level, top.parentId, top.version], [1, null, 1]);
        const second = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('B'), position: 2 });
        const first = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('A'), position: 1 });
        const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: first.id, name: text('Headphones') });
        assert.equal(leaf.level, 3);
        assert.deepEqual(await catalog.getCategory({ id: leaf.id }), leaf);
        const children = await catalog.listCategories({ parentId: top.id });
        assert.deepEqual(
          children.items.map((c) => c.id),
          [first.id, second.id],
        );
        assert.equal(children.total, 2);
      });

      test('a fourth level is refused with CATEGORY_TOO_DEEP and an unknown parent with UNKNOWN_CATEGORY', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(
          catalog.createCategory({ idempotencyKey: key(), parentId: leaf.leaf, name: text('deep') }),
          'CATEGORY_TOO_DEEP',
          400,
        );
        await expectFailure(
          catalog.createCategory({ idempotencyKey: key(), parentId: randomUUID(), name: text('orphan') }),
          'UNKNOWN_CATEGORY',
          400,
        );
      });

      test('a retried create answers the same category; the key with another request is IDEMPOTENCY_KEY_REUSED', async () => {
        const idempotencyKey = key();
        const first = await catalog.createCategory({ idempotencyKey, name: text('Retried') });
        assert.deepEqual(await catalog.createCategory({ idempotencyKey, name: text('Retried') }), first);
        await expectFailure(catalog.createCategory({ idempotencyKey, name: text('Other') }), 'IDEMPOTENCY_KEY_REUSED', 409);
      });

      test('an update with the version read succeeds once; the stale version is VERSION_CONFLICT and changes nothing', async () => {
        const created = await catalog.createCategory({ idempotencyKey: key(), name: text('Old') });
        const renamed = await catalog.updateCategory({ id: created.id, version: created.version, name: text('New'), position: 5 });
        assert.deepEqual([renamed.name.en, renamed.position, renamed.version], ['New', 5, 2]);
        const err = await expectFailure(
          catalog.updateCategory({ id: created.id, version: created.version, name: text('Lost') }),
          'VERSION_CONFLICT',
          409,
        );
        assert.deepEqual(err.details, { currentVersion: 2 });
        assert.equal((await catalog.getCategory({ id: created.id })).name.en, 'New');
        await expectFailure(catalog.updateCategory({ id: randomUUID(), version: 1 }), 'NOT_FOUND', 404);
      });

      test('a category with children or products is not deleted; an empty one is', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(catalog.deleteCategory({ id: leaf.middle }), 'CATEGORY_HAS_CHILDREN', 409);
        await catalog.createProduct(newProduct(leaf));
        await expectFailure(catalog.deleteCategory({ id: leaf.leaf }), 'CATEGORY_HAS_PRODUCTS', 409);
        const empty = await catalog.createCategory({ idempotencyKey: key(), parentId: leaf.middle, name: text('empty') });
        assert.deepEqual(await catalog.deleteCategory({ id: empty.id }), { deleted: true });
        await expectFailure(catalog.getCategory({ id: empty.id }), 'NOT_FOUND', 404);
      });
    });

    describe('brands', () => {
      test('a brand is created, listed, updated with its version and deleted', async () => {
        const brand = await catalog.createBrand({ idempotencyKey: key(), name: { zh: '索尼', en: 'Sony' }, logo: '/images/sony.svg' });
        assert.deepEqual((await catalog.getBrand({ id: brand.id })).name, { zh: '索尼', en: 'Sony' });
        assert.ok((await catalog.listBrands({ limit: 100 })).total >= 1);
        const changed = await catalog.updateBrand({ id: brand.id, version: 1, logo: null });
        assert.deepEqual([changed.logo, changed.version], [null, 2]);
        await expectFailure(catalog.updateBrand({ id: brand.id, version: 1, position: 3 }), 'VERSION_CONFLICT', 409);
        await catalog.deleteBrand({ id: brand.id });
        await expectFailure(catalog.getBrand({ id: brand.id }), 'NOT_FOUND', 404);
      });

      test('a brand named by a product is not deleted (BRAND_IN_USE); an unknown brand is UNKNOWN_BRAND', async () => {
        const leaf = await leafCategory(catalog);
        const brand = await catalog.createBrand({ idempotencyKey: key(), name: text('Used') });
        await catalog.createProduct(newProduct(leaf, { brandId: brand.id }));
        await expectFailure(catalog.deleteBrand({ id: brand.id }), 'BRAND_IN_USE', 409);
        await expectFailure(catalog.createProduct(newProduct(leaf, { brandId: randomUUID() })), 'UNKNOWN_BRAND', 400);
      });
    });

    describe('attribute groups and attributes', () => {
      test('groups and attributes hang on leaf categories only (CATEGORY_NOT_LEAF)', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(
          catalog.createAttributeGroup({ idempotencyKey: key(), categoryId: leaf.middle, name: text('g') }),
          'CATEGORY_NOT_LEAF',
          400,
        );
        await expectFailure(
          catalog.createAttribute({ idempotencyKey: key(), categoryId: leaf.top, kind: 'spec', name: text('a') }),
          'CATEGORY_NOT_LEAF',
          400,
        );
        await expectFailure(
          catalog.createAttribute({ idempotencyKey: key(), categoryId: randomUUID(), kind: 'spec', name: text('a') }),
          'UNKNOWN_CATEGORY',
          400,
        );
      });

      test('an attribute joins a group of its own category; another category’s group is UNKNOWN_ATTRIBUTE_GROUP', async () => {
        const leaf = await leafCategory(catalog, 'grouped');
        const other = await leafCategory(catalog, 'other');
        const group = await catalog.createAttributeGroup({ idempotencyKey: key(), categoryId: leaf.leaf, name: text('Basics') });
        const weight = await catalog.createAttribute({
          idempotencyKey: key(),
          categoryId: leaf.leaf,
          groupId: group.id,
          kind: 'spec',
          name: text('weight'),
        });
        assert.equal(weight.groupId, group.id);
        assert.deepEqual(
          (await catalog.listAttributeGroups({ categoryId: leaf.leaf })).items.map((g) => g.id),
          [group.id],
        );
        await expectFailure(
          catalog.createAttribute({ idempotencyKey: key(), categoryId: other.leaf, groupId: group.id, kind: 'spec', name: text('x') }),
          'UNKNOWN_ATTRIBUTE_GROUP',
          400,
        );
        const renamed = await catalog.updateAttributeGroup({ id: group.id, version: 1, name: text('Essentials') });
        assert.equal(renamed.version, 2);
        await expectFailure(catalog.updateAttributeGroup({ id: group.id, version: 1, position: 1 }), 'VERSION_CONFLICT', 409);
        await catalog.deleteAttributeGroup({ id: group.id });
        assert.equal((await catalog.getAttribute({ id: weight.id })).groupId, null, 'its attributes stay, ungrouped');
      });

      test('a sale attribute needs allowed values (SALE_VALUES_REQUIRED)', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(
          catalog.createAttribute({ idempotencyKey: key(), categoryId: leaf.leaf, kind: 'sale', name: text('edition') }),
          'SALE_VALUES_REQUIRED',
          400,
        );
        await expectFailure(catalog.updateAttribute({ id: leaf.colour.id, version: 1, values: [] }), 'SALE_VALUES_REQUIRED', 400);
      });

      test('sale attributes do not change under products: no new one, no deletion, no used value removed (ATTRIBUTE_IN_USE)', async () => {
        const leaf = await leafCategory(catalog);
        await catalog.createProduct(newProduct(leaf, { skus: [sku(leaf, 'red', 'S')] }));
        await expectFailure(
          catalog.createAttribute({ idempotencyKey: key(), categoryId: leaf.leaf, kind: 'sale', name: text('edition'), values: ['x'] }),
          'ATTRIBUTE_IN_USE',
          409,
        );
        await expectFailure(catalog.deleteAttribute({ id: leaf.size.id }), 'ATTRIBUTE_IN_USE', 409);
        await expectFailure(catalog.updateAttribute({ id: leaf.colour.id, version: 1, values: ['blue'] }), 'ATTRIBUTE_IN_USE', 409);
        const widened = await catalog.updateAttribute({ id: leaf.colour.id, version: 1, values: ['red', 'blue', 'green'] });
        assert.deepEqual([widened.values, widened.version], [['red', 'blue', 'green'], 2]);
        await expectFailure(catalog.updateAttribute({ id: leaf.colour.id, version: 1, name: text('hue') }), 'VERSION_CONFLICT', 409);
        assert.deepEqual(
          (await catalog.listAttributes({ categoryId: leaf.leaf, kind: 'sale' })).items.map((a) => a.id).sort(),
          [leaf.colour.id, leaf.size.id].sort(),
        );
      });

      test('a spec attribute a product shows is not deleted; an unused one is', async () => {
        const leaf = await leafCategory(catalog);
        await catalog.createProduct(newProduct(leaf, { specs: [{ attributeId: leaf.spec, value: 'aluminium' }] }));
        await expectFailure(catalog.deleteAttribute({ id: leaf.spec }), 'ATTRIBUTE_IN_USE', 409);
        const unused = await catalog.createAttribute({ idempotencyKey: key(), categoryId: leaf.leaf, kind: 'spec', name: text('unused') });
        await catalog.deleteAttribute({ id: unused.id });
        await expectFailure(catalog.getAttribute({ id: unused.id }), 'NOT_FOUND', 404);
      });
    });

    describe('products and SKUs', () => {
      test('a product is created on sale with its SKUs and read back with them, prices in minor units', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(
          newProduct(leaf, {
            subtitle: { zh: '降噪', en: 'Noise cancelling' },
            images: ['/images/headphones.svg'],
            specs: [{ attributeId: leaf.spec, value: 'aluminium' }],
            status: 'on_sale',
            skus: [{ ...sku(leaf, 'red', 'S', 19900), barcode: `bc-${randomUUID()}` }, sku(leaf, 'blue', 'S', 20900)],
          }),
        );
        assert.deepEqual([product.status, product.skus.length, product.version], ['on_sale', 2, 1]);
        assert.deepEqual(product.skus[0]!.price, { amount: 19900, currency: 'CNY' });
        assert.deepEqual(await catalog.getProduct({ id: product.id }), product);
        const listed = await catalog.listProducts({ categoryId: leaf.leaf, status: 'on_sale' });
        assert.deepEqual(listed.items, [product]);
      });

      test("a SKU's sale attributes are exactly its category's, with allowed values", async () => {
        const leaf = await leafCategory(catalog);
        const onlyColour = { attrs: [{ attributeId: leaf.colour.id, value: 'red' }], price: yuan(100) };
        const err = await expectFailure(catalog.createProduct(newProduct(leaf, { skus: [onlyColour] })), 'SKU_ATTRIBUTES_MISMATCH', 400);
        assert.deepEqual((err.details as { fields: Array<{ path: string }> }).fields[0]!.path, '/skus/0/attrs');
        await expectFailure(catalog.createProduct(newProduct(leaf, { skus: [sku(leaf, 'green', 'S')] })), 'SKU_VALUE_NOT_ALLOWED', 400);
        const product = await catalog.createProduct(newProduct(leaf));
        const foreign = await leafCategory(catalog, 'foreign');
        await expectFailure(
          catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(foreign, 'red', 'S') }),
          'SKU_ATTRIBUTES_MISMATCH',
          400,
        );
      });

      test('a price of zero is PRICE_NOT_POSITIVE; a fractional or string price is VALIDATION_FAILED', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(catalog.createProduct(newProduct(leaf, { skus: [sku(leaf, 'red', 'S', 0)] })), 'PRICE_NOT_POSITIVE', 400);
        const product = await catalog.createProduct(newProduct(leaf));
        await expectFailure(
          catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(leaf, 'red', 'S', 9.5) }),
          'VALIDATION_FAILED',
          400,
        );
        const stringly = { ...sku(leaf, 'red', 'S'), price: { amount: '100', currency: 'CNY' } } as never;
        await expectFailure(
          catalog.createSku({ idempotencyKey: key(), productId: product.id, ...(stringly as object) } as never),
          'VALIDATION_FAILED',
          400,
        );
        assert.equal((await catalog.getProduct({ id: product.id })).skus.length, 0);
      });

      test('one SKU per combination of sale values (DUPLICATE_SKU), and barcodes are unique (BARCODE_TAKEN)', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(
          catalog.createProduct(newProduct(leaf, { skus: [sku(leaf, 'red', 'S'), sku(leaf, 'red', 'S', 500)] })),
          'DUPLICATE_SKU',
          409,
        );
        const barcode = `bc-${randomUUID()}`;
        const product = await catalog.createProduct(newProduct(leaf, { skus: [{ ...sku(leaf, 'red', 'S'), barcode }] }));
        const reversed = { ...sku(leaf, 'red', 'S'), attrs: [...sku(leaf, 'red', 'S').attrs].reverse() };
        await expectFailure(catalog.createSku({ idempotencyKey: key(), productId: product.id, ...reversed }), 'DUPLICATE_SKU', 409);
        await expectFailure(
          catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(leaf, 'red', 'M'), barcode }),
          'BARCODE_TAKEN',
          409,
        );
        const medium = await catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(leaf, 'red', 'M') });
        await expectFailure(catalog.updateSku({ id: medium.id, version: 1, attrs: sku(leaf, 'red', 'S').attrs }), 'DUPLICATE_SKU', 409);
        assert.equal((await catalog.getProduct({ id: product.id })).skus.length, 2);
      });

      test('a SKU is changed with its version; a stale version is VERSION_CONFLICT', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf, { skus: [sku(leaf, 'red', 'S')] }));
        const [first] = product.skus;
        const repriced = await catalog.updateSku({ id: first!.id, version: 1, price: yuan(12300), attrs: sku(leaf, 'blue', 'L').attrs });
        assert.deepEqual([repriced.price.amount, repriced.attrs[0]!.value, repriced.version], [12300, 'blue', 2]);
        await expectFailure(catalog.updateSku({ id: first!.id, version: 1, price: yuan(1) }), 'VERSION_CONFLICT', 409);
        await expectFailure(catalog.updateSku({ id: first!.id, version: 2, price: yuan(0) }), 'PRICE_NOT_POSITIVE', 400);
        await expectFailure(catalog.updateSku({ id: randomUUID(), version: 1 }), 'NOT_FOUND', 404);
      });

      test('a product on sale needs a SKU: created, updated or left with none is PRODUCT_WITHOUT_SKUS', async () => {
        const leaf = await leafCategory(catalog);
        await expectFailure(catalog.createProduct(newProduct(leaf, { status: 'on_sale' })), 'PRODUCT_WITHOUT_SKUS', 409);
        const draft = await catalog.createProduct(newProduct(leaf));
        await expectFailure(catalog.updateProduct({ id: draft.id, version: 1, status: 'on_sale' }), 'PRODUCT_WITHOUT_SKUS', 409);
        const only = await catalog.createSku({ idempotencyKey: key(), productId: draft.id, ...sku(leaf, 'red', 'S') });
        const onSale = await catalog.updateProduct({ id: draft.id, version: 1, status: 'on_sale', title: text('Renamed') });
        assert.deepEqual([onSale.status, onSale.title.en, onSale.version], ['on_sale', 'Renamed', 2]);
        await expectFailure(catalog.deleteSku({ id: only.id }), 'PRODUCT_WITHOUT_SKUS', 409);
        await catalog.updateProduct({ id: draft.id, version: 2, status: 'off_sale' });
        await catalog.deleteSku({ id: only.id });
        assert.equal((await catalog.getProduct({ id: draft.id })).skus.length, 0);
      });

      test('a product update with a stale version is VERSION_CONFLICT; specs must be spec attributes of its category', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf));
        await catalog.updateProduct({ id: product.id, version: 1, images: ['https://cdn.example.com/a.jpg'] });
        await expectFailure(catalog.updateProduct({ id: product.id, version: 1, images: [] }), 'VERSION_CONFLICT', 409);
        await expectFailure(
          catalog.updateProduct({ id: product.id, version: 2, specs: [{ attributeId: leaf.colour.id, value: 'red' }] }),
          'SPEC_ATTRIBUTE_MISMATCH',
          400,
        );
        await expectFailure(catalog.updateProduct({ id: product.id, version: 2, brandId: randomUUID() }), 'UNKNOWN_BRAND', 400);
        await expectFailure(catalog.createProduct(newProduct(leaf, { categoryId: leaf.middle })), 'CATEGORY_NOT_LEAF', 400);
        await expectFailure(catalog.createProduct(newProduct(leaf, { categoryId: randomUUID() })), 'UNKNOWN_CATEGORY', 400);
      });

      test('ten concurrent creates of one combination make exactly one SKU; the rest are DUPLICATE_SKU', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf));
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(leaf, 'blue', 'M') })),
        );
        const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        assert.deepEqual(refused, Array(9).fill('DUPLICATE_SKU'));
        assert.equal((await catalog.getProduct({ id: product.id })).skus.length, 1);
      });

      test('ten concurrent updates at one version: exactly one wins, the rest are VERSION_CONFLICT', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf));
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => catalog.updateProduct({ id: product.id, version: 1, title: text(`writer ${i}`) })),
        );
        const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
        assert.deepEqual(refused, Array(9).fill('VERSION_CONFLICT'));
        assert.equal((await catalog.getProduct({ id: product.id })).version, 2);
      });

      test('a product keeps at most 100 SKUs (SKU_LIMIT_REACHED)', async () => {
        const leaf = await leafCategory(catalog, 'many');
        const colours = Array.from({ length: 34 }, (_, i) => `c${i}`);
        await catalog.updateAttribute({ id: leaf.colour.id, version: 1, values: colours });
        const skus = colours.flatMap((c) => ['S', 'M', 'L'].map((s) => sku(leaf, c, s))).slice(0, 100);
        const product = await catalog.createProduct(newProduct(leaf, { skus }));
        assert.equal(product.skus.length, 100);
        await expectFailure(
          catalog.createSku({ idempotencyKey: key(), productId: product.id, ...sku(leaf, 'c33', 'M') }),
          'SKU_LIMIT_REACHED',
          409,
        );
      });

      test('a retried SKU create answers the same SKU; a deleted product takes its SKUs along', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf));
        const idempotencyKey = key();
        const first = await catalog.createSku({ idempotencyKey, productId: product.id, ...sku(leaf, 'red', 'S') });
        assert.deepEqual(await catalog.createSku({ idempotencyKey, productId: product.id, ...sku(leaf, 'red', 'S') }), first);
        await catalog.deleteProduct({ id: product.id });
        await expectFailure(catalog.getProduct({ id: product.id }), 'NOT_FOUND', 404);
        await expectFailure(catalog.updateSku({ id: first.id, version: 1, price: yuan(5) }), 'NOT_FOUND', 404);
      });
    });

    describe('home content', () => {
      test('banners need an image and featured lists need existing products', async () => {
        const leaf = await leafCategory(catalog);
        const product = await catalog.createProduct(newProduct(leaf));
        await expectFailure(
          catalog.createHomeSection({ idempotencyKey: key(), kind: 'banner', title: text('Sale') }),
          'BANNER_NEEDS_IMAGE',
          400,
        );
        await expectFailure(
          catalog.createHomeSection({ idempotencyKey: key(), kind: 'featured', title: text('Hot') }),
          'FEATURED_NEEDS_PRODUCTS',
          400,
        );
        await expectFailure(
          catalog.createHomeSection({
            idempotencyKey: key(),
            kind: 'featured',
            title: text('Hot'),
            productIds: [product.id, randomUUID()],
          }),
          'UNKNOWN_PRODUCT',
          400,
        );
        const featured = await catalog.createHomeSection({
          idempotencyKey: key(),
          kind: 'featured',
          title: text('Hot'),
          productIds: [product.id],
        });
        const banner = await catalog.createHomeSection({
          idempotencyKey: key(),
          kind: 'banner',
          title: text('Sale'),
          image: '/images/banner.svg',
          link: '/sale',
        });
        assert.deepEqual(await catalog.getHomeSection({ id: banner.id }), banner);
        const ids = (await catalog.listHomeSections({ limit: 100 })).items.map((s) => s.id);
        assert.ok(ids.includes(featured.id) && ids.includes(banner.id));
        await expectFailure(catalog.updateHomeSection({ id: banner.id, version: 1, image: null }), 'BANNER_NEEDS_IMAGE', 400);
        const moved = await catalog.updateHomeSection({ id: banner.id, version: 1, position: 9 });
        assert.equal(moved.version, 2);
        await expectFailure(catalog.updateHomeSection({ id: banner.id, version: 1, position: 1 }), 'VERSION_CONFLICT', 409);
        await catalog.deleteHomeSection({ id: banner.id });
        await expectFailure(catalog.getHomeSection({ id: banner.id }), 'NOT_FOUND', 404);
      });

      test('a deleted product leaves the featured lists', async () => {
        const leaf = await leafCategory(catalog);
        const [kept, gone] = [await catalog.createProduct(newProduct(leaf)), await catalog.createProduct(newProduct(leaf))];
        const list = await catalog.createHomeSection({
          idempotencyKey: key(),
          kind: 'featured',
          title: text('Picks'),
          productIds: [kept.id, gone.id],
        });
        await catalog.deleteProduct({ id: gone.id });
        assert.deepEqual((await catalog.getHomeSection({ id: list.id })).productIds, [kept.id]);
      });
    });

    describe('storefront reads', () => {
      test('the category tree nests leaves under middles under tops, each level in position order', async () => {
        const top = await catalog.createCategory({ idempotencyKey: key(), name: text('Tree top'), position: 0 });
        const later = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('later'), position: 2 });
        const sooner = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('sooner'), position: 1 });
        const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: sooner.id, name: text('leaf') });
        const found = (await catalog.categoryTree({})).categories.find((c) => c.id === top.id);
        assert.deepEqual(found, {
          id: top.id,
          name: top.name,
          children: [
            { id: sooner.id, name: sooner.name, children: [{ id: leaf.id, name: leaf.name }] },
            { id: later.id, name: later.name, children: [] },
          ],
        });
      });

      test('the home page shows banners, and featured products on sale with their lowest price', async () => {
        const leaf = await leafCategory(catalog);
        const onSale = await catalog.createProduct(
          newProduct(leaf, { status: 'on_sale', images: ['/img/a.svg'], skus: [sku(leaf, 'red', 'S', 500), sku(leaf, 'blue', 'S', 300)] }),
        );
        const draft = await catalog.createProduct(newProduct(leaf));
        const list = await catalog.createHomeSection({
          idempotencyKey: key(),
          kind: 'featured',
          title: text('Picks'),
          productIds: [draft.id, onSale.id],
        });
        const banner = await catalog.createHomeSection({ idempotencyKey: key(), kind: 'banner', title: text('Sale'), image: '/img/b.svg' });
        const home = await catalog.homePage({});
        assert.deepEqual(home.featured.find((f) => f.id === list.id)?.products, [
          { id: onSale.id, title: onSale.title, image: '/img/a.svg', price: yuan(300) },
        ]);
        assert.deepEqual(
          home.banners.find((b) => b.id === banner.id),
          { id: banner.id, title: banner.title, image: '/img/b.svg', link: null },
        );
      });
    });
  });
}
