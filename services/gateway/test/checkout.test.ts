// Checkout through the gateway's public API, with every service of the purchase flow as its own instance on the real
// servers: the same submit twice is one order, a price sent by the client is refused, another buyer's order is a 404,
// cancelling while unpaid gives the stock back, and an order left unpaid is cancelled at expiresAt and its stock released.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import type { RunningInstance } from '@mall/platform/runtime';
import { expectErrorAnswer, startServices, type TestDeployment } from '@mall/platform/testkit';
import cartService from '../../cart/src/service.ts';
import catalogService from '../../catalog/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import orderService from '../../order/src/service.ts';
import paymentService from '../../payment/src/service.ts';
import identityService from '../../identity/src/service.ts';
import { Browser, startGateway, uniqueEmail } from './harness.ts';

// Read by the services' configuration at start: unpaid orders lapse after 4 s.
process.env.MALL_ORDER_PAYMENT_WINDOW_SECONDS ??= '4';
process.env.MALL_ORDER_RESERVATION_MARGIN_SECONDS ??= '30';
process.env.MALL_ORDER_TIMEOUT_SWEEP_MS ??= '100';
const env = { MALL_POSTGRES_POOL_SIZE: '4' };
const key = () => `t-${randomUUID()}`;
const text = (en: string) => ({ zh: `中文 ${en}`, en });

describe('checkout through the gateway (cluster instances)', () => {
  let services: TestDeployment;
  let gateway: RunningInstance;
  let browser: Browser;

  before(async () => {
    services = await startServices('real', [identityService, inventoryService, catalogService, cartService, paymentService, orderService], {
      env,
    });
    const names = ['identity', 'inventory', 'catalog', 'cart', 'payment', 'order'];
    gateway = await startGateway(names.map((n) => `${n}=${services.url(n)}`).join(';'));
    browser = new Browser(gateway.url);
  });
  after(async () => {
    await browser.close();
    await gateway.shutdown('test over');
    await services.shutdown();
  });

  /** A signed-in buyer with an address, whose cart holds `quantity` of a fresh SKU stocked with 10. */
  async function shopper(quantity: number): Promise<{ token: string; addressId: string; skuId: string }> {
    const email = uniqueEmail('checkout');
    const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } });
    const login = await browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } });
    const token: string = login.body.accessToken;
    const address = await browser.call('POST', '/api/me/addresses', {
      token,
      headers: { 'idempotency-key': key() },
      body: {
        recipient: 'Han Meimei',
        phone: '+86 139 0000 0000',
        line1: '2 Nanjing Road',
        city: 'Shanghai',
        postalCode: '200001',
        country: 'CN',
      },
    });
    assert.equal(address.status, 201, JSON.stringify(address.body));
    const catalog = services.client(CatalogContract);
    const top = await catalog.createCategory({ idempotencyKey: key(), name: text('gw top') });
    const middle = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('gw middle') });
    const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('gw leaf') });
    const size = await catalog.createAttribute({
      idempotencyKey: key(),
      categoryId: leaf.id,
      kind: 'sale',
      name: text('size'),
      values: ['M'],
    });
    const product = await catalog.createProduct({
      idempotencyKey: key(),
      title: text('Mug'),
      categoryId: leaf.id,
      status: 'on_sale',
      skus: [{ attrs: [{ attributeId: size.id, value: 'M' }], price: { amount: 3900, currency: 'CNY' } }],
    });
    const skuId = product.skus[0]!.id;
    await services.client(InventoryContract).restock({ skuId, quantity: 10, reason: 'test stock', idempotencyKey: key() });
    await services.client(CartContract).addLine({ owner: { buyerId: registered.body.user.id }, idempotencyKey: key(), skuId, quantity });
    return { token, addressId: address.body.id, skuId };
  }

  const available = async (skuId: string) =>
    (await services.client(InventoryContract).availability({ skuIds: [skuId] })).items[0]!.available;

  async function previewAndPlace(s: { token: string; addressId: string }) {
    const preview = await browser.call('POST', '/api/checkout/preview', { token: s.token, body: { addressId: s.addressId } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    const body = { submitToken: preview.body.submitToken, addressId: s.addressId };
    return { preview, body, placed: await browser.call('POST', '/api/orders', { token: s.token, body }) };
  }

  test('the same submit twice is one order; a price sent along is refused; the order is 404 to another buyer', async () => {
    const s = await shopper(2);
    const { preview, body, placed } = await previewAndPlace(s);
    assert.deepEqual(preview.body.breakdown.total, { amount: 8800, currency: 'CNY' });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.deepEqual(Object.keys(placed.body).sort(), ['expiresAt', 'id', 'orderNo', 'payment', 'status', 'total']);
    const again = await browser.call('POST', '/api/orders', { token: s.token, body });
    assert.equal(again.body.id, placed.body.id);
    expectErrorAnswer(
      await browser.call('POST', '/api/orders', { token: s.token, body: { ...body, total: { amount: 1, currency: 'CNY' } } }),
      400,
      'VALIDATION_FAILED',
    );
    const list = await browser.call('GET', '/api/orders?status=PENDING_PAYMENT', { token: s.token });
    assert.deepEqual(
      list.body.items.map((o: { id: string }) => o.id),
      [placed.body.id],
    );
    assert.equal(await available(s.skuId), 8);
    const other = await shopper(1);
    expectErrorAnswer(await browser.call('GET', `/api/orders/${placed.body.id}`, { token: other.token }), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('POST', `/api/orders/${placed.body.id}/cancel`, { token: other.token }), 404, 'NOT_FOUND');
    const mine = await browser.call('GET', `/api/orders/${placed.body.id}`, { token: s.token });
    assert.equal(mine.body.history[0].to, 'PENDING_PAYMENT');
  });

  test('cancelling an unpaid order gives its stock back', async () => {
    const s = await shopper(3);
    const { placed } = await previewAndPlace(s);
    assert.equal(await available(s.skuId), 7);
    const cancelled = await browser.call('POST', `/api/orders/${placed.body.id}/cancel`, { token: s.token });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'CANCELLED');
    assert.equal(await available(s.skuId), 10);
  });

  test('an order left unpaid is cancelled at expiresAt and its stock released', async () => {
    const s = await shopper(1);
    const { placed } = await previewAndPlace(s);
    assert.equal(await available(s.skuId), 9);
    const deadline = Date.now() + 15_000;
    let status = placed.body.status;
    while (status !== 'CANCELLED' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await browser.call('GET', `/api/orders/${placed.body.id}`, { token: s.token })).body.status;
    }
    assert.equal(status, 'CANCELLED');
    while ((await available(s.skuId)) !== 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await available(s.skuId), 10, 'released well before the reservation would have expired by itself');
  });
});
