// How a purchase can end other than "paid", in cluster mode through the gateway's public API (the fixture of
// purchase.test.ts: every service a process, order twice, a real SMTP server), one mall for all three cases:
// - an order not paid in time (a short payment window, set live in the config center) is CANCELLED and its stock
//   given back;
// - a payment made on a page opened before the order was cancelled is refunded by itself, the order stays CANCELLED;
// - a paid order's refund request, approved in the back office, ends REFUNDED.
// Each case checks the buyer got each mail once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createConfigCenter, type ConfigCenter, type ConfigEntry } from '@mall/platform/config';
import { Browser } from '@mall/platform/testkit';
import { serverEnv } from '../fixture/harness.ts';
import { sleep, within } from './harness.ts';
import { buyerWithCart, callRetrying, expectStatus, mailedOnceEach, orderReaches, payWithCard, placeOrder } from '../fixture/shopper.ts';
import { PurchaseMall, STOCK } from './purchase-fixture.ts';

let mall: PurchaseMall;
let browser: Browser;
let center: ConfigCenter;
let orderConfig: ConfigEntry | undefined;

before(async () => {
  center = await createConfigCenter('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
  orderConfig = await center.get('order');
  mall = await PurchaseMall.launch();
  browser = new Browser(mall.gatewayUrl);
});

after(async () => {
  await restoreOrderConfig();
  await center?.close();
  await browser?.close();
  await mall?.stop();
});

async function restoreOrderConfig(): Promise<void> {
  if (!center) return;
  if (orderConfig) await center.put('order', orderConfig.value);
  else await center.delete('order');
}

const stockIsBack = async (skuId: string) =>
  (await within(30_000, async () => (await mall.availableOf(skuId)) === STOCK, 200)) !== undefined;

describe('how a purchase ends when it is not simply paid (cluster)', () => {
  test('an order not paid within the payment window is cancelled by the timeout and its stock given back', async () => {
    const { skuId } = await mall.stockedSku();
    const buyer = await buyerWithCart(browser, skuId, 2, 'e2e-timeout');
    // A 3-second window for the orders placed now, live: every order instance hears the change within a second.
    await center.put('order', { ...((orderConfig?.value as object) ?? {}), paymentWindowSeconds: 3 });
    await sleep(1500);
    const { order } = await placeOrder(browser, buyer.token, buyer.addressId);
    await restoreOrderConfig();
    const window = Date.parse(order.expiresAt as string) - Date.now();
    assert.ok(window < 60_000, `the short window applied (expires in ${window} ms)`);
    assert.equal(await mall.availableOf(skuId), STOCK - 2, 'the order holds its stock');

    await orderReaches(browser, buyer.token, order.id as string, 'CANCELLED');
    assert.ok(await stockIsBack(skuId), 'the stock is given back');
    const subjects = await mailedOnceEach(mall.mail, buyer.email, 2);
    assert.equal(subjects.length, 2, `placed and cancelled: ${JSON.stringify(subjects)}`);
  });

  test('a payment arriving after the order was cancelled is refunded by itself; the order stays CANCELLED', async () => {
    const { skuId } = await mall.stockedSku();
    const buyer = await buyerWithCart(browser, skuId, 1, 'e2e-late');
    const { order } = await placeOrder(browser, buyer.token, buyer.addressId);
    const payUrl = order.payment.payUrl as string;
    // The shopper opens the pay page, cancels the order in another tab, then submits the card on the open page.
    expectStatus(await browser.call('GET', new URL(payUrl, mall.gatewayUrl).pathname), 200, 'pay page');
    const cancelled = await callRetrying(browser, 'POST', `/api/orders/${order.id}/cancel`, { token: buyer.token });
    expectStatus(cancelled, 200, 'cancel');
    const paid = await payWithCard(mall.gatewayUrl, payUrl);
    assert.ok(paid.status < 400, `the card form on the open page: ${paid.status} ${paid.page.slice(0, 300)}`);

    const intentId = order.payment.intentId as string;
    let intent = '';
    const refunded = await within(
      30_000,
      async () => {
        // (A poll, so a call the busy machine let time out is asked again, not a failure.)
        intent = await mall.payment.getIntent({ intentId }).then(
          (i) => i.status,
          (err: Error) => `unknown: ${err.message}`,
        );
        return intent === 'refunded';
      },
      200,
    );
    assert.ok(refunded !== undefined, `the late charge is refunded (intent ${intent})`);
    const after = await browser.call('GET', `/api/orders/${order.id}`, { token: buyer.token });
    assert.equal(after.body.status, 'CANCELLED', 'the order stays cancelled');
    assert.ok(await stockIsBack(skuId), 'the stock is given back');
    // Placed, cancelled, and the money sent back: each once.
    const subjects = await mailedOnceEach(mall.mail, buyer.email, 3);
    assert.equal(subjects.length, 3, JSON.stringify(subjects));
  });

  test('a refund request approved in the back office ends REFUNDED; the manager role is needed', async () => {
    const { skuId } = await mall.stockedSku();
    const buyer = await buyerWithCart(browser, skuId, 1, 'e2e-refund');
    const { order } = await placeOrder(browser, buyer.token, buyer.addressId);
    const paid = await payWithCard(mall.gatewayUrl, order.payment.payUrl as string);
    assert.ok(paid.status < 400, `the card form: ${paid.status}`);
    await orderReaches(browser, buyer.token, order.id as string, 'PAID');

    const requested = await browser.call('POST', `/api/orders/${order.id}/refund-request`, {
      token: buyer.token,
      body: { reason: 'arrived broken' },
    });
    expectStatus(requested, 200, 'refund request');
    assert.equal(requested.body.status, 'REFUND_REQUESTED');
    // The buyer cannot approve their own refund.
    expectStatus(await browser.call('POST', `/api/admin/orders/${order.id}/refund/approve`, { token: buyer.token }), 403, 'buyer approves');

    const manager = await mall.staff(browser, ['order-manager']);
    const approved = await browser.call('POST', `/api/admin/orders/${order.id}/refund/approve`, { token: manager.token });
    expectStatus(approved, 200, 'approve refund');
    await orderReaches(browser, buyer.token, order.id as string, 'REFUNDED');
    assert.equal((await mall.payment.getIntent({ intentId: order.payment.intentId as string })).status, 'refunded');
    // Placed, paid, refunded: each once, however the refund was told (order.refunded and payment.refunded are one fact).
    const subjects = await mailedOnceEach(mall.mail, buyer.email, 3);
    assert.equal(subjects.length, 3, JSON.stringify(subjects));
  });
});
