// The whole purchase, in cluster mode, through the gateway's public API only: every service a process of its own on
// the real servers (order twice), a real SMTP server catching the mails. A guest fills a cart, signs up and logs in
// (the guest cart merges), previews, places the order, pays on the simulated processor's page; the order turns PAID,
// the stock is committed, the cart drops the line, and the buyer gets each mail once. The same submit twice is one
// order; a price sent by the client is refused; another buyer's order is a 404; cancelling an unpaid order gives
// its stock back. Only the shop's own data (a product and its stock) is set up behind the gateway, as staff would.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { Cluster } from '@mall/platform/runtime';
import { Browser, uniqueEmail, type Answer } from '@mall/platform/testkit';
import { modules } from '../../launch/services.ts';
import { MailCatcher } from '../../services/notification/test/harness.ts';
import { serverEnv } from '../fixture/harness.ts';
import { within } from './harness.ts';

const text = (en: string) => ({ zh: `中文 ${en}`, en });
const key = () => `e2e-${randomUUID()}`;
const PRICE = 12_900;
const STOCK = 10;

let cluster: Cluster;
let mail: MailCatcher;
let registry: StaticRegistry;
const transports: HttpTransport[] = [];
let catalog: Client<typeof CatalogContract>;
let inventory: Client<typeof InventoryContract>;
let gatewayUrl: string;

async function clientOf<C extends typeof CatalogContract | typeof InventoryContract>(contract: C): Promise<Client<C>> {
  const transport = await HttpTransport.connect(contract.service, registry);
  transports.push(transport);
  return createClient(contract, transport, { timeoutMs: 30_000 });
}

before(async () => {
  mail = new MailCatcher();
  await mail.start();
  const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
  const spec = (service: string, instances = 1) => ({ service, module: modules[service]!, instances });
  cluster = await Cluster.launch(
    [
      spec('identity'),
      spec('inventory'),
      spec('catalog'),
      spec('cart'),
      spec('payment'),
      spec('cardprocessor'),
      spec('order', 2),
      spec('notification'),
      spec('gateway'),
    ],
    {
      env: {
        ...serverEnv,
        MALL_NOTIFICATION_TRANSPORT: 'smtp',
        MALL_NOTIFICATION_SMTP__HOST: '127.0.0.1',
        MALL_NOTIFICATION_SMTP__PORT: String(mail.port),
      },
      readyTimeoutMs: 120_000,
      onLine: (prefix, line) => {
        if (verbose || /"level":"(error|fatal)"/.test(line)) process.stdout.write(`${prefix} ${line}\n`);
      },
    },
  );
  gatewayUrl = cluster.instances('gateway')[0]!.url;
  registry = new StaticRegistry({
    catalog: cluster.instances('catalog').map((i) => i.url),
    inventory: cluster.instances('inventory').map((i) => i.url),
  });
  catalog = await clientOf(CatalogContract);
  inventory = await clientOf(InventoryContract);
});

after(async () => {
  for (const t of transports) await t.close();
  await registry?.close();
  await cluster?.stop();
  await mail?.stop();
});

/** A product on sale with one SKU at PRICE and STOCK units, as the back office would set it up. */
async function stockedSku(): Promise<{ productId: string; skuId: string }> {
  const top = await catalog.createCategory({ idempotencyKey: key(), name: text('e2e top') });
  const middle = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('e2e middle') });
  const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('e2e leaf') });
  const colour = await catalog.createAttribute({
    idempotencyKey: key(),
    categoryId: leaf.id,
    kind: 'sale',
    name: text('colour'),
    values: ['red'],
  });
  const product = await catalog.createProduct({
    idempotencyKey: key(),
    title: text('E2E Wireless Headphones'),
    categoryId: leaf.id,
    status: 'on_sale',
    skus: [{ attrs: [{ attributeId: colour.id, value: 'red' }], price: { amount: PRICE, currency: 'CNY' } }],
  });
  const skuId = product.skus[0]!.id;
  await inventory.restock({ skuId, quantity: STOCK, reason: 'e2e stock', idempotencyKey: key() });
  return { productId: product.id, skuId };
}

function expectStatus(answer: Answer, status: number, what: string): void {
  assert.equal(answer.status, status, `${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
}

/** Signs up and logs in (carrying a guest cart token when given); answers the access token and the user id. */
async function signUp(browser: Browser, email: string, cartToken?: string): Promise<{ token: string; userId: string }> {
  const password = `E2e-${randomUUID()}`;
  expectStatus(await browser.call('POST', '/api/auth/register', { body: { email, password } }), 201, 'register');
  const login = await browser.call('POST', '/api/auth/login', {
    body: { email, password },
    ...(cartToken ? { headers: { 'x-cart-token': cartToken } } : {}),
  });
  expectStatus(login, 200, 'login');
  return { token: login.body.accessToken as string, userId: login.body.user.id as string };
}

async function addressOf(browser: Browser, token: string): Promise<string> {
  const answer = await browser.call('POST', '/api/me/addresses', {
    token,
    body: {
      recipient: 'Li Lei',
      phone: '+8613800000000',
      line1: '1 Test Road',
      line2: '',
      city: 'Shanghai',
      region: '',
      postalCode: '200000',
      country: 'CN',
    },
  });
  expectStatus(answer, 201, 'add address');
  return answer.body.id as string;
}

async function placeOrder(browser: Browser, token: string, addressId: string) {
  const preview = await browser.call('POST', '/api/checkout/preview', { token, body: { addressId } });
  expectStatus(preview, 200, 'preview');
  const submitToken = preview.body.submitToken as string;
  const placed = await browser.call('POST', '/api/orders', { token, body: { submitToken, addressId } });
  expectStatus(placed, 201, 'place order');
  return { preview: preview.body, order: placed.body, submitToken };
}

async function availableOf(skuId: string): Promise<number> {
  const { items } = await inventory.availability({ skuIds: [skuId] });
  return items[0]!.available;
}

describe('the purchase through the gateway (cluster)', () => {
  test('guest cart → sign up (merged) → preview → order → pay → PAID, stock committed, cart emptied, one mail per fact', async () => {
    const { productId, skuId } = await stockedSku();
    const browser = new Browser(gatewayUrl);
    try {
      // Browse, as a guest.
      // (The page's availability has its own short deadline: on a busy machine the first answers may say unknown.)
      const browsed = await within(
        15_000,
        async () => {
          const page = await browser.call('GET', `/api/products/${productId}`);
          expectStatus(page, 200, 'product page');
          return page.body.skus[0].available === STOCK;
        },
        200,
      );
      assert.ok(browsed !== undefined, 'the product page shows the stock');

      // A guest's cart: the gateway issues its token on the first cart request.
      const added = await browser.call('POST', '/api/cart/lines', { body: { skuId, quantity: 2 } });
      expectStatus(added, 200, 'guest add to cart');
      const cartToken = added.headers['x-cart-token'];
      assert.equal(typeof cartToken, 'string', 'the gateway hands a guest its cart token');

      // Sign up and log in with it: the guest cart merges into the member cart.
      const email = uniqueEmail('e2e-buyer');
      const { token } = await signUp(browser, email, cartToken as string);
      const cart = await browser.call('GET', '/api/cart', { token });
      expectStatus(cart, 200, 'member cart');
      assert.deepEqual(
        cart.body.lines.map((l: { skuId: string; quantity: number }) => [l.skuId, l.quantity]),
        [[skuId, 2]],
        'the guest line is in the member cart',
      );

      const addressId = await addressOf(browser, token);
      // A price (or anything else) sent by the client is refused, never used.
      const forged = await browser.call('POST', '/api/checkout/preview', { token, body: { addressId, total: 1 } });
      expectStatus(forged, 400, 'a total sent by the client');

      const { preview, order, submitToken } = await placeOrder(browser, token, addressId);
      assert.equal(preview.breakdown.total.amount, order.total.amount);
      assert.equal(order.status, 'PENDING_PAYMENT');
      assert.ok(order.total.amount >= 2 * PRICE, 'the lines are priced from the catalog');
      assert.equal(await availableOf(skuId), STOCK - 2, 'the order holds its stock');

      // The same submit again is the same order, never a second one.
      const again = await browser.call('POST', '/api/orders', { token, body: { submitToken, addressId } });
      assert.ok(again.status === 200 || again.status === 201, `a retried submit: ${again.status} ${JSON.stringify(again.body)}`);
      assert.equal(again.body.id, order.id);

      // Pay on the processor's page with the card that succeeds.
      const payPath = new URL(order.payment.payUrl as string, gatewayUrl).pathname;
      const payPage = await browser.call('GET', payPath);
      expectStatus(payPage, 200, 'pay page');
      // The form is posted as a browser posts it (urlencoded), not as JSON.
      const paid = await request(`${gatewayUrl}${payPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123', cardholder: 'Li Lei' }).toString(),
      });
      const paidPage = await paid.body.text();
      assert.ok(paid.statusCode < 400, `the card form: ${paid.statusCode} ${paidPage.slice(0, 300)}`);

      const paidWithin = await within(
        30_000,
        async () => {
          const got = await browser.call('GET', `/api/orders/${order.id}`, { token });
          return got.body.status === 'PAID';
        },
        200,
      );
      assert.ok(paidWithin !== undefined, 'the order turns PAID');

      // Stock committed (on hand down by 2, nothing left reserved), the cart without the line.
      assert.ok(
        (await within(15_000, async () => {
          const stock = await inventory.getStock({ skuId });
          return stock.onHand === STOCK - 2 && stock.reserved === 0;
        })) !== undefined,
        'the reservation is confirmed: on hand down by 2, nothing reserved',
      );
      assert.ok(
        (await within(15_000, async () => {
          const after = await browser.call('GET', '/api/cart', { token });
          return !after.body.lines.some((l: { skuId: string }) => l.skuId === skuId);
        })) !== undefined,
        'the cart drops the purchased line',
      );

      // Another buyer cannot see the order.
      const other = new Browser(gatewayUrl);
      try {
        const stranger = await signUp(other, uniqueEmail('e2e-stranger'));
        expectStatus(await other.call('GET', `/api/orders/${order.id}`, { token: stranger.token }), 404, "another buyer's order");
      } finally {
        await other.close();
      }

      // The mails: the paid order's arrives, and no fact is mailed twice.
      assert.ok((await within(30_000, async () => mail.to(email).length >= 2, 200)) !== undefined, 'the order mails arrive');
      await new Promise((r) => setTimeout(r, 1000));
      const subjects = mail.to(email).map((m) => m.subject);
      assert.equal(new Set(subjects).size, subjects.length, `each fact mailed once: ${JSON.stringify(subjects)}`);
    } finally {
      await browser.close();
    }
  });

  test('cancelling an unpaid order gives its stock back', async () => {
    const { skuId } = await stockedSku();
    const browser = new Browser(gatewayUrl);
    try {
      const { token } = await signUp(browser, uniqueEmail('e2e-cancel'));
      expectStatus(await browser.call('POST', '/api/cart/lines', { token, body: { skuId, quantity: 3 } }), 200, 'add to cart');
      const addressId = await addressOf(browser, token);
      const { order } = await placeOrder(browser, token, addressId);
      assert.equal(await availableOf(skuId), STOCK - 3);
      const cancelled = await browser.call('POST', `/api/orders/${order.id}/cancel`, { token });
      expectStatus(cancelled, 200, 'cancel');
      assert.equal(cancelled.body.status, 'CANCELLED');
      assert.ok((await within(15_000, async () => (await availableOf(skuId)) === STOCK)) !== undefined, 'the stock is released');
    } finally {
      await browser.close();
    }
  });
});
