// The whole purchase, in cluster mode, through the gateway's public API only: every service a process of its own on
// the real servers (order twice), a real SMTP server catching the mails. A guest fills a cart, signs up and logs in
// (the guest cart merges), previews, places the order, pays on the simulated processor's page; the order turns PAID,
// the stock is committed, the cart drops the line, and the buyer gets each mail once. The same submit twice is one
// order; a price sent by the client is refused; another buyer's order is a 404; cancelling an unpaid order gives
// its stock back. Only the shop's own data (a product and its stock) is set up behind the gateway, as staff would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, uniqueEmail } from '@mall/platform/testkit';
import { within } from './harness.ts';
import { addressOf, callRetrying, expectStatus, mailedOnceEach, payWithCard, placeOrder, signUp } from '../fixture/shopper.ts';
import { PRICE, PurchaseMall, STOCK } from './purchase-fixture.ts';

let mall: PurchaseMall;
let gatewayUrl: string;
const availableOf = (skuId: string) => mall.availableOf(skuId);

before(async () => {
  mall = await PurchaseMall.launch();
  gatewayUrl = mall.gatewayUrl;
});

after(async () => {
  await mall?.stop();
});

describe('the purchase through the gateway (cluster)', () => {
  test('guest cart → sign up (merged) → preview → order → pay → PAID, stock committed, cart emptied, one mail per fact', async () => {
    const { productId, skuId } = await mall.stockedSku();
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

      // Pay on the processor's page with the card that succeeds (the form posted as a browser posts it).
      const payPage = await browser.call('GET', new URL(order.payment.payUrl as string, gatewayUrl).pathname);
      expectStatus(payPage, 200, 'pay page');
      const paid = await payWithCard(gatewayUrl, order.payment.payUrl as string);
      assert.ok(paid.status < 400, `the card form: ${paid.status} ${paid.page.slice(0, 300)}`);

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
          const stock = await mall.inventory.getStock({ skuId });
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
      await mailedOnceEach(mall.mail, email, 2);
    } finally {
      await browser.close();
    }
  });

  test('cancelling an unpaid order gives its stock back', async () => {
    const { skuId } = await mall.stockedSku();
    const browser = new Browser(gatewayUrl);
    try {
      const { token } = await signUp(browser, uniqueEmail('e2e-cancel'));
      expectStatus(await browser.call('POST', '/api/cart/lines', { token, body: { skuId, quantity: 3 } }), 200, 'add to cart');
      const addressId = await addressOf(browser, token);
      const { order } = await placeOrder(browser, token, addressId);
      assert.equal(await availableOf(skuId), STOCK - 3);
      const cancelled = await callRetrying(browser, 'POST', `/api/orders/${order.id}/cancel`, { token });
      expectStatus(cancelled, 200, 'cancel');
      assert.equal(cancelled.body.status, 'CANCELLED');
      assert.ok((await within(15_000, async () => (await availableOf(skuId)) === STOCK)) !== undefined, 'the stock is released');
    } finally {
      await browser.close();
    }
  });
});
