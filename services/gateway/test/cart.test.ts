// The cart through the gateway, on the real servers (identity, inventory, catalog, cart and a gateway as real
// instances, found through a static registry) and all-in-one: a guest gets a cart token, a guest cart merges at
// login with its caps, price changes and sold-out lines are flagged, bad input is a 400 with a code on every route,
// and a cart token reads its own cart only.
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import type { Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, expectErrorAnswer, forgetRowsAfterwards, startEmbedded, startInstance, type Connection } from '@mall/platform/testkit';
import cartService from '../../cart/src/service.ts';
import catalogService from '../../catalog/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import identityService from '../../identity/src/service.ts';
import gatewayService from '../src/service.ts';
import { Browser, uniqueEmail, type Answer } from './harness.ts';

const PASSWORD = 'a good password';
/** The cart's own settings come from the process environment: a per-line maximum small enough to reach. */
const CART_LIMITS = { MALL_CART_MAX_QUANTITY_PER_LINE: '5' };
const key = (): string => `t-${randomUUID()}`;
const text = (en: string) => ({ zh: `中文 ${en}`, en });
const yuan = (amount: number) => ({ amount, currency: 'CNY' });

interface Mall {
  url: string;
  catalog: Client<typeof CatalogContract>;
  inventory: Client<typeof InventoryContract>;
  shutdown(): Promise<void>;
}

/** Each service one real instance, every address given statically so that no other run's instances answer. */
async function realMall(): Promise<Mall> {
  const started: RunningInstance[] = [];
  const connections: Connection<typeof CatalogContract | typeof InventoryContract>[] = [];
  const urls: Record<string, string> = {};
  const env = () => ({
    MALL_POSTGRES_POOL_SIZE: '4',
    MALL_REGISTRY: 'static',
    MALL_STATIC_SERVICES: Object.entries(urls)
      .map(([name, url]) => `${name}=${url}`)
      .join(';'),
  });
  for (const def of [inventoryService, catalogService, cartService, identityService, gatewayService]) {
    const instance = await startInstance(def, { env: env() });
    started.push(instance);
    urls[def.name] = instance.url;
  }
  const catalog = await connect(CatalogContract, [urls.catalog!]);
  const inventory = await connect(InventoryContract, [urls.inventory!]);
  connections.push(catalog, inventory);
  return {
    url: urls.gateway!,
    catalog: catalog.client,
    inventory: inventory.client,
    async shutdown() {
      for (const connection of connections) await connection.close();
      for (const instance of started.reverse()) await instance.shutdown('test over');
    },
  };
}

async function embeddedMall(): Promise<Mall> {
  const host = await startEmbedded([identityService, inventoryService, catalogService, cartService, gatewayService]);
  return {
    url: host.url,
    catalog: host.client(CatalogContract),
    inventory: host.client(InventoryContract),
    shutdown: () => host.shutdown('test over'),
  };
}

/** A product on sale with one SKU per price, each stocked with stock[i] (default 10). */
async function skusOnSale(mall: Mall, prices: number[], stock: number[] = []): Promise<Array<{ id: string; version: number }>> {
  const top = await mall.catalog.createCategory({ idempotencyKey: key(), name: text('gw cart top') });
  const middle = await mall.catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('gw cart middle') });
  const leaf = await mall.catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('gw cart leaf') });
  const values = prices.map((_, i) => `v${i}`);
  const variant = await mall.catalog.createAttribute({
    idempotencyKey: key(),
    categoryId: leaf.id,
    kind: 'sale',
    name: text('variant'),
    values,
  });
  const product = await mall.catalog.createProduct({
    idempotencyKey: key(),
    title: text('Gateway Cart Kettle'),
    categoryId: leaf.id,
    status: 'on_sale',
    skus: prices.map((amount, i) => ({ attrs: [{ attributeId: variant.id, value: values[i]! }], price: yuan(amount) })),
  });
  for (const [i, s] of product.skus.entries()) {
    const quantity = stock[i] ?? 10;
    if (quantity > 0) await mall.inventory.restock({ idempotencyKey: key(), skuId: s.id, quantity, reason: 'gateway cart test' });
  }
  return product.skus.map((s) => ({ id: s.id, version: s.version }));
}

/** The cart token a guest answer issued, from its Set-Cookie (asserting the cookie's attributes) and its header. */
function issuedToken(answer: Answer): string {
  const cookie = String(answer.headers['set-cookie'] ?? '');
  const match = /^mall_cart=([A-Za-z0-9_-]{22});/.exec(cookie);
  assert.ok(match, `a mall_cart cookie: ${cookie}`);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\/api;/);
  assert.equal(answer.headers['x-cart-token'], match[1]);
  return match[1]!;
}

const asGuest = (token: string) => ({ headers: { cookie: `mall_cart=${token}` } });

for (const mode of ['real', 'embedded'] as const) {
  describe(`the cart through the gateway (${mode})`, () => {
    let mall: Mall;
    let browser: Browser;
    let forgetRows = async (): Promise<void> => {};

    before(async () => {
      if (mode === 'real') forgetRows = await forgetRowsAfterwards('catalog');
      Object.assign(process.env, CART_LIMITS);
      mall = mode === 'real' ? await realMall() : await embeddedMall();
      browser = new Browser(mall.url);
    });
    after(async () => {
      for (const name of Object.keys(CART_LIMITS)) delete process.env[name];
      await browser.close();
      await mall.shutdown();
      await forgetRows();
    });

    async function signUp(extra: { headers?: Record<string, string> } = {}): Promise<{ token: string; login: Answer }> {
      const email = uniqueEmail('cart');
      const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD }, ...extra });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      return { token: login.body.accessToken, login };
    }

    test('a guest without a token gets one in an HttpOnly cookie and a header; with it, no new one', async () => {
      const first = await browser.call('GET', '/api/cart');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body.lines, []);
      const token = issuedToken(first);
      const again = await browser.call('GET', '/api/cart', asGuest(token));
      assert.equal(again.status, 200);
      assert.equal(again.headers['set-cookie'], undefined, 'a guest with a token keeps it');
      const viaHeader = await browser.call('GET', '/api/cart', { headers: { 'x-cart-token': token } });
      assert.equal(viaHeader.headers['set-cookie'], undefined);
    });

    test("a cart token reads its own cart only: another guest's, or a made-up token, sees none of it", async () => {
      const [kettle] = await skusOnSale(mall, [9900]);
      const added = await browser.call('POST', '/api/cart/lines', { body: { skuId: kettle!.id, quantity: 2 } });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      const mine = issuedToken(added);
      assert.equal(added.body.lines[0].quantity, 2);
      const other = await browser.call('GET', '/api/cart');
      assert.deepEqual(other.body.lines, [], 'a fresh guest has an empty cart of its own');
      assert.notEqual(issuedToken(other), mine);
      const guessed = await browser.call('GET', '/api/cart', asGuest(randomBytes(16).toString('base64url')));
      assert.deepEqual(guessed.body.lines, []);
      const member = await signUp();
      const asMember = await browser.call('GET', '/api/cart', { token: member.token, ...asGuest(mine) });
      assert.deepEqual(asMember.body.lines, [], 'a signed-in caller reads the member cart, not the guest cart of the token');
      const still = await browser.call('GET', '/api/cart', asGuest(mine));
      assert.equal(still.body.lines.length, 1);
    });

    test('a guest cart merges at login: quantities add, capped by stock and the line maximum; the guest cart empties', async () => {
      const [scarce, plenty, fresh] = await skusOnSale(mall, [1000, 2000, 3000], [3, 100, 100]);
      const { token: member } = await signUp();
      for (const [sku, quantity] of [
        [scarce!, 2],
        [plenty!, 4],
      ] as const) {
        const added = await browser.call('POST', '/api/cart/lines', { token: member, body: { skuId: sku.id, quantity } });
        assert.equal(added.status, 200, JSON.stringify(added.body));
      }
      const first = await browser.call('POST', '/api/cart/lines', { body: { skuId: scarce!.id, quantity: 2 } });
      const guest = issuedToken(first);
      for (const [sku, quantity] of [
        [plenty!, 4],
        [fresh!, 1],
      ] as const) {
        const added = await browser.call('POST', '/api/cart/lines', { body: { skuId: sku.id, quantity }, ...asGuest(guest) });
        assert.equal(added.status, 200, JSON.stringify(added.body));
      }
      // The same member logs in again, now carrying the guest's cookie.
      const me = await browser.call('GET', '/api/me', { token: member });
      const login = await browser.call('POST', '/api/auth/login', {
        body: { email: me.body.email, password: PASSWORD },
        ...asGuest(guest),
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const cart = await browser.call('GET', '/api/cart', { token: login.body.accessToken });
      const quantities = Object.fromEntries(cart.body.lines.map((l: { skuId: string; quantity: number }) => [l.skuId, l.quantity]));
      assert.deepEqual(
        quantities,
        { [scarce!.id]: 3, [plenty!.id]: 5, [fresh!.id]: 1 },
        'capped by the 3 in stock and by the maximum of 5',
      );
      const left = await browser.call('GET', '/api/cart', asGuest(guest));
      assert.deepEqual(left.body.lines, [], 'the guest cart was moved, not copied');
      const merged = await browser.call('POST', '/api/cart/merge', { token: login.body.accessToken, ...asGuest(guest) });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.merged, 0, 'merging again moves nothing');
    });

    test('a login with a cart token whose cart cannot merge still logs in', async () => {
      const { login } = await signUp({ headers: { cookie: 'mall_cart=not-a-token' } });
      assert.ok(login.body.accessToken);
      const withEmpty = await signUp(asGuest(randomBytes(16).toString('base64url')));
      assert.ok(withEmpty.login.body.accessToken);
    });

    test('the cart flags a changed price with the price when added, and a sold-out line', async () => {
      const [pricey, scarce] = await skusOnSale(mall, [5000, 7000], [10, 2]);
      const added = await browser.call('POST', '/api/cart/lines', { body: { skuId: pricey!.id, quantity: 1 } });
      const guest = issuedToken(added);
      await browser.call('POST', '/api/cart/lines', { body: { skuId: scarce!.id, quantity: 2 }, ...asGuest(guest) });
      await mall.catalog.updateSku({ id: pricey!.id, version: pricey!.version, price: yuan(5500) });
      await mall.inventory.adjust({ idempotencyKey: key(), skuId: scarce!.id, delta: -2, reason: 'sold elsewhere' });
      const cart = await browser.call('GET', '/api/cart', asGuest(guest));
      assert.equal(cart.status, 200, JSON.stringify(cart.body));
      const line = (id: string) => cart.body.lines.find((l: { skuId: string }) => l.skuId === id);
      assert.equal(line(pricey!.id).priceChanged, true);
      assert.deepEqual(line(pricey!.id).addedPrice, yuan(5000));
      assert.deepEqual(line(pricey!.id).unitPrice, yuan(5500));
      assert.equal(line(scarce!.id).status, 'sold_out');
      assert.equal(line(scarce!.id).available, 0);
      assert.deepEqual(cart.body.subtotal, yuan(5500), 'only what may be bought counts');
    });

    test('a line is changed and removed through PATCH and DELETE', async () => {
      const [sku] = await skusOnSale(mall, [1200]);
      const added = await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 1 } });
      const guest = asGuest(issuedToken(added));
      const changed = await browser.call('PATCH', `/api/cart/lines/${sku!.id}`, { body: { quantity: 3, selected: false }, ...guest });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.lines[0].quantity, 3);
      assert.equal(changed.body.lines[0].selected, false);
      const removed = await browser.call('DELETE', `/api/cart/lines/${sku!.id}`, guest);
      assert.equal(removed.status, 200);
      assert.deepEqual(removed.body.lines, []);
    });

    test('bad input is a 400 (or the route’s code) with a machine-readable code on every cart route, and changes nothing', async () => {
      const [sku] = await skusOnSale(mall, [800], [3]);
      const added = await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 1 } });
      const guest = asGuest(issuedToken(added));
      const bad: Array<[Answer, number, string]> = [
        [await browser.call('GET', '/api/cart', { headers: { 'x-cart-token': 'not a token' } }), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 0 }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: '2' }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 1.5 }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: 'x', quantity: 1 }, ...guest }), 400, 'VALIDATION_FAILED'],
        [
          await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 1, price: 1 }, ...guest }),
          400,
          'VALIDATION_FAILED',
        ],
        [await browser.call('POST', '/api/cart/lines', { rawBody: '{"skuId":', ...guest }), 400, 'MALFORMED_JSON'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: randomUUID(), quantity: 1 }, ...guest }), 404, 'SKU_NOT_FOUND'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 6 }, ...guest }), 409, 'LINE_QUANTITY_LIMIT'],
        [await browser.call('POST', '/api/cart/lines', { body: { skuId: sku!.id, quantity: 3 }, ...guest }), 409, 'INSUFFICIENT_STOCK'],
        [await browser.call('PATCH', `/api/cart/lines/${sku!.id}`, { body: {}, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('PATCH', `/api/cart/lines/${sku!.id}`, { body: { selected: 'yes' }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('PATCH', '/api/cart/lines/not-a-uuid', { body: { quantity: 1 }, ...guest }), 400, 'VALIDATION_FAILED'],
        [await browser.call('PATCH', `/api/cart/lines/${randomUUID()}`, { body: { quantity: 1 }, ...guest }), 404, 'LINE_NOT_FOUND'],
        [await browser.call('DELETE', '/api/cart/lines/not-a-uuid', guest), 400, 'VALIDATION_FAILED'],
        [await browser.call('POST', '/api/cart/merge', guest), 401, 'UNAUTHORIZED'],
      ];
      const { token } = await signUp();
      bad.push([await browser.call('POST', '/api/cart/merge', { token }), 400, 'CART_TOKEN_MISSING']);
      for (const [answer, status, code] of bad) expectErrorAnswer(answer, status, code);
      const cart = await browser.call('GET', '/api/cart', guest);
      assert.deepEqual(
        cart.body.lines.map((l: { skuId: string; quantity: number }) => [l.skuId, l.quantity]),
        [[sku!.id, 1]],
        'nothing refused changed the cart',
      );
    });
  });
}
