// The cart when processes go (cluster mode: real instances): no cart is lost when the cart's process stops — lines
// written through one instance are read whole through a new one — and with inventory unreachable the cart still
// answers, its availability unknown, like the product page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, forgetRowsAfterwards, startInstance } from '@mall/platform/testkit';
import catalogService from '../../catalog/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import cartService from '../src/service.ts';
import { key, productOnSale } from './fixtures.ts';

describe('cart across restarts and outages (real)', () => {
  const started: RunningInstance[] = [];
  let env: Record<string, string>;
  let forgetRows = async (): Promise<void> => {};

  before(async () => {
    forgetRows = await forgetRowsAfterwards('catalog');
    const inventory = await startInstance(inventoryService, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
    started.push(inventory);
    const catalog = await startInstance(catalogService, {
      env: { MALL_POSTGRES_POOL_SIZE: '4', MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: `inventory=${inventory.url}` },
    });
    started.push(catalog);
    env = {
      MALL_POSTGRES_POOL_SIZE: '4',
      MALL_REGISTRY: 'static',
      MALL_STATIC_SERVICES: `inventory=${inventory.url};catalog=${catalog.url}`,
    };
  });
  after(async () => {
    for (const instance of started.reverse()) await instance.shutdown('test over');
    await forgetRows();
  });

  test('the lines written through a stopped instance are read whole through a new one', async () => {
    const [inventoryUrl, catalogUrl] = [started[0]!.url, started[1]!.url];
    const catalog = await connect(CatalogContract, [catalogUrl]);
    const inventory = await connect(InventoryContract, [inventoryUrl]);
    const { skus } = await productOnSale(catalog.client, inventory.client, [100, 200]);
    const owner = { guestToken: randomBytes(16).toString('base64url') };

    const first = await startInstance(cartService, { env });
    const before = await connect(CartContract, [first.url]);
    for (const s of skus) await before.client.addLine({ owner, idempotencyKey: key(), skuId: s.id, quantity: 2 });
    await before.client.updateLine({ owner, skuId: skus[1]!.id, selected: false });
    const written = await before.client.getCart({ owner });
    await before.close();
    await first.shutdown('restart');

    const second = await startInstance(cartService, { env });
    started.push(second);
    const afterwards = await connect(CartContract, [second.url]);
    assert.deepEqual(await afterwards.client.getCart({ owner }), written);
    await afterwards.close();
    await catalog.close();
    await inventory.close();
  });

  test('with inventory unreachable a cart is read and added to, its availability unknown', async () => {
    const catalog = await connect(CatalogContract, [started[1]!.url]);
    const inventory = await connect(InventoryContract, [started[0]!.url]);
    const { skus } = await productOnSale(catalog.client, inventory.client, [300], [1]);
    // Inventory at an address where nothing listens: every call fails at once, as with every instance down.
    const cart = await startInstance(cartService, {
      env: { ...env, MALL_STATIC_SERVICES: `inventory=http://127.0.0.1:9;catalog=${started[1]!.url}` },
    });
    started.push(cart);
    const client = await connect(CartContract, [cart.url]);
    const owner = { guestToken: randomBytes(16).toString('base64url') };
    const view = await client.client.addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 3 });
    assert.equal(view.availabilityKnown, false);
    assert.equal(view.lines[0]!.available, null);
    assert.equal(view.lines[0]!.status, 'ok', 'unknown availability is not held against the line');
    assert.deepEqual(view.lines[0]!.unitPrice, { amount: 300, currency: 'CNY' }, 'the price is still the current one');
    await client.close();
    await catalog.close();
    await inventory.close();
  });
});
