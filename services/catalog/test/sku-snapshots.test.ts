// skuSnapshots: what cart and checkout price lines from. Each SKU's title, sale attributes by name, image and the
// price as it stands now; whether its product may be sold; unknown ids left out; the answer in the order asked.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CatalogContract } from '@mall/contracts/catalog';
import { expectFailure, forgetRowsAfterwards, startServices, type TestDeployment } from '@mall/platform/testkit';
import inventoryService from '../../inventory/src/service.ts';
import catalogService from '../src/service.ts';
import { leafCategory, newProduct, sku, text, yuan, type CatalogClient } from './fixtures.ts';

describe('sku snapshots for cart and checkout (real)', () => {
  let deployment: TestDeployment;
  let catalog: CatalogClient;
  let forgetRows = async (): Promise<void> => {};
  before(async () => {
    forgetRows = await forgetRowsAfterwards('catalog');
    deployment = await startServices('real', [inventoryService, catalogService]);
    catalog = deployment.client(CatalogContract);
  });
  after(async () => {
    await deployment.shutdown();
    await forgetRows();
  });

  test('each SKU with its title, attributes by name in the category order, image and current price, in the order asked', async () => {
    const leaf = await leafCategory(catalog);
    const product = await catalog.createProduct(
      newProduct(leaf, {
        status: 'on_sale',
        images: ['/images/p.svg'],
        skus: [sku(leaf, 'red', 'S', 19900), sku(leaf, 'blue', 'M', 25900)],
      }),
    );
    const [red, blue] = [product.skus[0]!, product.skus[1]!];
    const { items } = await catalog.skuSnapshots({ skuIds: [blue.id, randomUUID(), red.id] });
    assert.deepEqual(
      items.map((i) => i.skuId),
      [blue.id, red.id],
      'an unknown id is left out; the rest answer in the order asked',
    );
    assert.deepEqual(items[0], {
      skuId: blue.id,
      productId: product.id,
      title: product.title,
      attrs: [
        { attributeId: leaf.colour.id, name: text('colour'), value: 'blue' },
        { attributeId: leaf.size.id, name: text('size'), value: 'M' },
      ],
      image: '/images/p.svg',
      price: yuan(25900),
      onSale: true,
    });

    // A price change shows at once: nothing is copied.
    await catalog.updateSku({ id: red.id, version: red.version, price: yuan(17900) });
    await catalog.updateProduct({ id: product.id, version: product.version, status: 'off_sale' });
    const after = await catalog.skuSnapshots({ skuIds: [red.id] });
    assert.deepEqual(after.items[0]!.price, yuan(17900));
    assert.equal(after.items[0]!.onSale, false, 'a product off sale cannot be bought');
  });

  test('bad input is refused', async () => {
    await expectFailure(catalog.skuSnapshots({ skuIds: [] }), 'VALIDATION_FAILED', 400);
    const id = randomUUID();
    await expectFailure(catalog.skuSnapshots({ skuIds: [id, id] }), 'VALIDATION_FAILED', 400);
    await expectFailure(catalog.skuSnapshots({ skuIds: Array.from({ length: 201 }, () => randomUUID()) }), 'VALIDATION_FAILED', 400);
  });
});
