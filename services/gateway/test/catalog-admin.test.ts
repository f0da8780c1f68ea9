// The catalog back office through the gateway, on the real servers (identity, catalog and a gateway as real
// instances) and all-in-one: a catalog manager can, a customer gets 403 and a caller without a token 401 on
// every route, and bad input is a 400 with a machine-readable code that changes nothing.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogAdminRoutes } from '@mall/contracts/gateway';
import { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import {
  connect,
  expectErrorAnswer,
  forgetRowsAfterwards,
  startEmbedded,
  startInstance,
  type Connection,
  type EmbeddedHost,
} from '@mall/platform/testkit';
import catalog from '../../catalog/src/service.ts';
import gateway from '../src/service.ts';
import identity from '../../identity/src/service.ts';
import { Browser, startGateway, startIdentity, uniqueEmail } from './harness.ts';

const PASSWORD = 'a good password';
const BASE = '/api/admin/catalog';
const routes = Object.values(catalogAdminRoutes);
const text = (en: string) => ({ zh: `中文 ${en}`, en });
const yuan = (amount: number) => ({ amount, currency: 'CNY' });

/** Signs a user up, gives them `roles` through identity's RPC, and answers a token that carries them. */
async function userWith(browser: Browser, rpc: Client<typeof IdentityContract>, label: string, roles?: string[]): Promise<string> {
  const email = uniqueEmail(label);
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  if (roles) await rpc.setUserRoles({ userId: registered.body.user.id, roles });
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return login.body.accessToken;
}

/** A route's path with its parameters filled by fresh ids. */
const pathOf = (path: string): string => path.replace(/:[A-Za-z]+/g, randomUUID());

/** Top → middle → leaf with a colour sale attribute (red, blue), created by the manager; answers the leaf and the attribute. */
async function leafWithColour(browser: Browser, token: string): Promise<{ leaf: string; colour: string }> {
  let parentId: string | null = null;
  for (const name of ['top', 'middle', 'leaf']) {
    const created = await browser.call('POST', `${BASE}/categories`, { token, body: { parentId, name: text(name) } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    parentId = created.body.id;
  }
  const colour = await browser.call('POST', `${BASE}/attributes`, {
    token,
    body: { categoryId: parentId, kind: 'sale', name: text('colour'), values: ['red', 'blue'] },
  });
  assert.equal(colour.status, 201, JSON.stringify(colour.body));
  return { leaf: parentId!, colour: colour.body.id };
}

describe('catalog back office through the gateway (real servers)', () => {
  const started: RunningInstance[] = [];
  let browser: Browser;
  let identityRpc: Connection<typeof IdentityContract>;
  let manager: string;
  let customer: string;
  let forgetRows: (() => Promise<void>) | undefined;

  before(async () => {
    const identityInstance = await startIdentity();
    started.push(identityInstance, await startInstance(catalog, { env: { MALL_POSTGRES_POOL_SIZE: '4' } }), await startGateway());
    browser = new Browser(started[2]!.url);
    identityRpc = await connect(IdentityContract, [identityInstance.url]);
    manager = await userWith(browser, identityRpc.client, 'catalog-manager', ['catalog-manager']);
    customer = await userWith(browser, identityRpc.client, 'catalog-customer');
    forgetRows = await forgetRowsAfterwards('catalog');
  });

  after(async () => {
    await forgetRows?.();
    await browser.close();
    await identityRpc.close();
    for (const instance of started.reverse()) await instance.shutdown('test over');
  });

  test('a catalog manager builds a product with SKUs, changes it with its version and deletes it', async () => {
    const { leaf, colour } = await leafWithColour(browser, manager);
    const brand = await browser.call('POST', `${BASE}/brands`, { token: manager, body: { name: { zh: '索尼', en: 'Sony' } } });
    assert.equal(brand.status, 201, JSON.stringify(brand.body));
    const product = await browser.call('POST', `${BASE}/products`, {
      token: manager,
      body: {
        title: { zh: '无线蓝牙耳机 Pro', en: 'Wireless Headphones Pro' },
        categoryId: leaf,
        brandId: brand.body.id,
        status: 'on_sale',
        skus: [{ attrs: [{ attributeId: colour, value: 'red' }], price: yuan(29900) }],
      },
    });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    const id = product.body.id as string;
    const sku = await browser.call('POST', `${BASE}/products/${id}/skus`, {
      token: manager,
      body: { attrs: [{ attributeId: colour, value: 'blue' }], price: yuan(31900) },
    });
    assert.equal(sku.status, 201, JSON.stringify(sku.body));
    const read = await browser.call('GET', `${BASE}/products/${id}`, { token: manager });
    assert.deepEqual(
      read.body.skus.map((s: { price: { amount: number } }) => s.price.amount),
      [29900, 31900],
    );
    const listed = await browser.call('GET', `${BASE}/products?categoryId=${leaf}&limit=10`, { token: manager });
    assert.deepEqual([listed.status, listed.body.total], [200, 1]);

    const renamed = await browser.call('PATCH', `${BASE}/products/${id}`, { token: manager, body: { version: 1, subtitle: text('new') } });
    assert.deepEqual([renamed.status, renamed.body.version], [200, 2]);
    const stale = await browser.call('PATCH', `${BASE}/products/${id}`, { token: manager, body: { version: 1, status: 'off_sale' } });
    expectErrorAnswer(stale, 409, 'VERSION_CONFLICT');
    assert.equal((await browser.call('GET', `${BASE}/products/${id}`, { token: manager })).body.status, 'on_sale');

    const repriced = await browser.call('PATCH', `${BASE}/skus/${sku.body.id}`, {
      token: manager,
      body: { version: 1, price: yuan(30900) },
    });
    assert.deepEqual([repriced.status, repriced.body.price.amount], [200, 30900]);
    const home = await browser.call('POST', `${BASE}/home-sections`, {
      token: manager,
      body: { kind: 'featured', title: text('Picks'), productIds: [id] },
    });
    assert.equal(home.status, 201, JSON.stringify(home.body));
    expectErrorAnswer(await browser.call('DELETE', `${BASE}/categories/${leaf}`, { token: manager }), 409, 'CATEGORY_HAS_PRODUCTS');
    assert.equal((await browser.call('DELETE', `${BASE}/skus/${sku.body.id}`, { token: manager })).status, 204);
    assert.equal((await browser.call('DELETE', `${BASE}/products/${id}`, { token: manager })).status, 204);
    expectErrorAnswer(await browser.call('GET', `${BASE}/products/${id}`, { token: manager }), 404, 'NOT_FOUND');
    assert.equal((await browser.call('DELETE', `${BASE}/categories/${leaf}`, { token: manager })).status, 204, 'empty now');
  });

  test('a create retried with its Idempotency-Key answers the first result; the key on another body is 409', async () => {
    const headers = { 'idempotency-key': `edge-${randomUUID()}` };
    const first = await browser.call('POST', `${BASE}/brands`, { token: manager, headers, body: { name: text('Once') } });
    const again = await browser.call('POST', `${BASE}/brands`, { token: manager, headers, body: { name: text('Once') } });
    assert.deepEqual([first.status, again.status, again.body.id], [201, 201, first.body.id]);
    const reused = await browser.call('POST', `${BASE}/brands`, { token: manager, headers, body: { name: text('Twice') } });
    expectErrorAnswer(reused, 409, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a customer gets 403 FORBIDDEN on every catalog route, and nothing is created', async () => {
    const before = (await browser.call('GET', `${BASE}/brands?limit=1`, { token: manager })).body.total;
    for (const route of routes) {
      const answer = await browser.call(route.method, pathOf(route.path), { token: customer, ...('body' in route ? { body: {} } : {}) });
      expectErrorAnswer(answer, 403, 'FORBIDDEN');
    }
    assert.equal((await browser.call('GET', `${BASE}/brands?limit=1`, { token: manager })).body.total, before);
  });

  test('every catalog route without a token is 401 UNAUTHORIZED', async () => {
    for (const route of routes) {
      expectErrorAnswer(await browser.call(route.method, pathOf(route.path), 'body' in route ? { body: {} } : {}), 401, 'UNAUTHORIZED');
    }
  });

  test('the storefront reads the category tree and the home page without a token', async () => {
    const { leaf } = await leafWithColour(browser, manager);
    const tree = await browser.call('GET', '/api/categories');
    assert.equal(tree.status, 200, JSON.stringify(tree.body));
    const leaves = tree.body.categories.flatMap((t: { children: Array<{ children: Array<{ id: string }> }> }) =>
      t.children.flatMap((m) => m.children.map((l) => l.id)),
    );
    assert.ok(leaves.includes(leaf));
    const home = await browser.call('GET', '/api/home');
    assert.equal(home.status, 200, JSON.stringify(home.body));
    assert.ok(Array.isArray(home.body.banners) && Array.isArray(home.body.featured));
  });

  test('the storefront searches products and reads a product page without a token; a product put on sale is found at once', async () => {
    const { leaf, colour } = await leafWithColour(browser, manager);
    const word = `zq${randomUUID().slice(0, 8)}`;
    const created = await browser.call('POST', `${BASE}/products`, {
      token: manager,
      body: {
        title: { zh: `${word} 无线蓝牙耳机`, en: `${word} Wireless Headphones` },
        categoryId: leaf,
        status: 'on_sale',
        skus: [{ attrs: [{ attributeId: colour, value: 'red' }], price: yuan(12900) }],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const found = await browser.call('GET', `/api/products?q=${word}&pageSize=5`);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual(
      found.body.items.map((i: { id: string }) => i.id),
      [created.body.id],
    );
    assert.deepEqual(found.body.items[0].price, yuan(12900));
    assert.equal(found.body.total, 1);
    assert.deepEqual(found.body.facets.categories, [{ id: leaf, count: 1 }]);
    const byAttr = await browser.call('GET', `/api/products?category=${leaf}&attr=${colour}:red&attr=${colour}:red&sort=price_asc`);
    assert.equal(byAttr.status, 200, JSON.stringify(byAttr.body));
    assert.equal(byAttr.body.total, 1);
    assert.equal((await browser.call('GET', `/api/products?category=${leaf}&attr=${colour}:blue`)).body.total, 0);

    const page = await browser.call('GET', `/api/products/${created.body.id}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.deepEqual(
      page.body.skus.map((s: { price: unknown }) => s.price),
      [yuan(12900)],
    );
    assert.equal(typeof page.body.availabilityKnown, 'boolean');
    expectErrorAnswer(await browser.call('GET', `/api/products/${randomUUID()}`), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('GET', '/api/products/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  test('a bad product query is 400 VALIDATION_FAILED naming the parameter, and a page size over 100 too', async () => {
    for (const query of [
      'pageSize=101',
      'pageSize=0',
      'page=0',
      'sort=cheapest',
      'minPrice=-1',
      'minPrice=1.5',
      'category=nope',
      'colour=red',
      'attr=x',
    ]) {
      const answer = await browser.call('GET', `/api/products?${query}`);
      expectErrorAnswer(answer, 400, 'VALIDATION_FAILED');
      assert.match(JSON.stringify(answer.body.error.details), /querystring/, query);
    }
  });

  test('a catalog manager reaches nothing else of the back office', async () => {
    expectErrorAnswer(await browser.call('GET', '/api/admin/users', { token: manager }), 403, 'FORBIDDEN');
    expectErrorAnswer(await browser.call('GET', '/api/admin/roles', { token: manager }), 403, 'FORBIDDEN');
  });

  test('business rules answer 400 or 409 with their code and the field; wrong JSON types are refused, not coerced', async () => {
    const { leaf, colour } = await leafWithColour(browser, manager);
    const create = (skus: unknown[]) =>
      browser.call('POST', `${BASE}/products`, { token: manager, body: { title: text('x'), categoryId: leaf, skus } });
    const mismatch = await create([{ attrs: [], price: yuan(100) }]);
    expectErrorAnswer(mismatch, 400, 'SKU_ATTRIBUTES_MISMATCH');
    assert.equal(mismatch.body.error.details.fields[0].path, '/skus/0/attrs');
    expectErrorAnswer(await create([{ attrs: [{ attributeId: colour, value: 'green' }], price: yuan(100) }]), 400, 'SKU_VALUE_NOT_ALLOWED');
    expectErrorAnswer(await create([{ attrs: [{ attributeId: colour, value: 'red' }], price: yuan(0) }]), 400, 'PRICE_NOT_POSITIVE');
    const red = { attrs: [{ attributeId: colour, value: 'red' }], price: yuan(100) };
    expectErrorAnswer(await create([red, red]), 409, 'DUPLICATE_SKU');
    const stringPrice = await create([{ ...red, price: { amount: '100', currency: 'CNY' } }]);
    expectErrorAnswer(stringPrice, 400, 'VALIDATION_FAILED');
    assert.ok(stringPrice.body.error.details.fields.some((f: { path: string }) => f.path.includes('amount')));
    expectErrorAnswer(await create([{ ...red, price: { amount: 99.5, currency: 'CNY' } }]), 400, 'VALIDATION_FAILED');
    const onSale = await browser.call('POST', `${BASE}/products`, {
      token: manager,
      body: { title: text('x'), categoryId: leaf, status: 'on_sale' },
    });
    expectErrorAnswer(onSale, 409, 'PRODUCT_WITHOUT_SKUS');
    const deep = await browser.call('POST', `${BASE}/categories`, { token: manager, body: { parentId: leaf, name: text('too deep') } });
    expectErrorAnswer(deep, 400, 'CATEGORY_TOO_DEEP');
    expectErrorAnswer(await browser.call('GET', `${BASE}/products?limit=1000`, { token: manager }), 400, 'VALIDATION_FAILED');
    const listed = await browser.call('GET', `${BASE}/products?categoryId=${leaf}`, { token: manager });
    assert.equal(listed.body.total, 0, 'no refused request created a product');
  });
});

describe('catalog back office through the gateway (all-in-one)', () => {
  let host: EmbeddedHost;
  let browser: Browser;

  before(async () => {
    host = await startEmbedded([identity, catalog, gateway]);
    browser = new Browser(host.url);
  });
  after(async () => {
    await browser.close();
    await host.shutdown('test over');
  });

  test('a catalog manager creates a product on the public port; a customer is refused', async () => {
    const rpc = host.client(IdentityContract);
    const manager = await userWith(browser, rpc, 'embedded-manager', ['catalog-manager']);
    const customer = await userWith(browser, rpc, 'embedded-customer');
    const { leaf, colour } = await leafWithColour(browser, manager);
    const product = await browser.call('POST', `${BASE}/products`, {
      token: manager,
      body: { title: text('Kettle'), categoryId: leaf, skus: [{ attrs: [{ attributeId: colour, value: 'blue' }], price: yuan(8800) }] },
    });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    expectErrorAnswer(await browser.call('GET', `${BASE}/products/${product.body.id}`, { token: customer }), 403, 'FORBIDDEN');
    const stale = await browser.call('PATCH', `${BASE}/products/${product.body.id}`, { token: manager, body: { version: 7 } });
    expectErrorAnswer(stale, 409, 'VERSION_CONFLICT');
  });
});
