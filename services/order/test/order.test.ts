// Order in both run modes, with the purchase flow's real services: against the real servers (PostgreSQL, NATS, etcd)
// over HTTP, and in the all-in-one host on PGlite. Checkout (preview, the saga, the submit token), the order's life
// (cancel, timeout, payment, shipping, receipt, refunds) and what each does to stock, through the typed clients.
import './harness.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { InventoryContract } from '@mall/contracts/inventory';
import { OrderContract } from '@mall/contracts/order';
import { PaymentContract } from '@mall/contracts/payment';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import cartService from '../../cart/src/service.ts';
import catalogService from '../../catalog/src/service.ts';
import identityService from '../../identity/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import paymentService from '../../payment/src/service.ts';
import orderService from '../src/service.ts';
import { available, buyerWithAddress, chargeSucceeded, inCart, skusOnSale, waitFor, type Clients } from './harness.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`order (${mode})`, () => {
    let deployment: TestDeployment;
    let c: Clients;
    const order = () => deployment.client(OrderContract);
    before(async () => {
      deployment = await startServices(mode, [
        identityService,
        inventoryService,
        catalogService,
        cartService,
        paymentService,
        orderService,
      ]);
      c = {
        identity: deployment.client(IdentityContract),
        catalog: deployment.client(CatalogContract),
        inventory: deployment.client(InventoryContract),
        cart: deployment.client(CartContract),
        payment: deployment.client(PaymentContract),
      };
    });
    after(() => deployment.shutdown());

    /** A buyer whose cart holds `quantities` of fresh SKUs priced `prices`, previewed and placed. */
    async function placed(prices = [2500], quantities = [2]) {
      const buyer = await buyerWithAddress(c);
      const skus = await skusOnSale(c, prices, 10);
      await inCart(
        c,
        buyer.buyerId,
        skus.map((s, i) => ({ skuId: s.id, quantity: quantities[i]! })),
      );
      const preview = await order().previewCheckout(buyer);
      const result = await order().placeOrder({ ...buyer, submitToken: preview.submitToken });
      return { ...buyer, skus, preview, result };
    }

    test('a preview prices the selected cart lines from catalog, adds shipping below the threshold, and issues a token', async () => {
      const buyer = await buyerWithAddress(c);
      const [a, b] = await skusOnSale(c, [2500, 1000], 10);
      await inCart(c, buyer.buyerId, [
        { skuId: a!.id, quantity: 2 },
        { skuId: b!.id, quantity: 1 },
      ]);
      const preview = await order().previewCheckout(buyer);
      assert.deepEqual(
        preview.lines.map((l) => [l.skuId, l.quantity, l.unitPrice.amount, l.lineTotal.amount]).sort((x, y) => Number(y[2]) - Number(x[2])),
        [
          [a!.id, 2, 2500, 5000],
          [b!.id, 1, 1000, 1000],
        ],
      );
      assert.deepEqual(preview.breakdown, {
        items: { amount: 6000, currency: 'CNY' },
        shipping: { amount: 1000, currency: 'CNY' },
        total: { amount: 7000, currency: 'CNY' },
      });
      assert.ok(preview.submitToken.length >= 40);
    });

    test("a preview with another buyer's address is NOT_FOUND, and an empty cart is CART_EMPTY", async () => {
      const buyer = await buyerWithAddress(c);
      const other = await buyerWithAddress(c);
      await expectFailure(order().previewCheckout({ buyerId: buyer.buyerId, addressId: other.addressId }), 'NOT_FOUND', 404);
      await expectFailure(order().previewCheckout(buyer), 'CART_EMPTY', 409);
    });

    test('placing an order reserves its stock, writes it PENDING_PAYMENT with its history and address, and creates the intent', async () => {
      const { buyerId, skus, result } = await placed([2500], [3]);
      assert.equal(result.status, 'PENDING_PAYMENT');
      assert.deepEqual(result.total, { amount: 8500, currency: 'CNY' });
      assert.match(result.orderNo, /^[0-9]{8}-[0-9]{8}$/);
      assert.equal(result.payment.payUrl, `/pay/${result.payment.intentId}`);
      assert.equal(await available(c, skus[0]!.id), 7);
      const stored = await order().getOrder({ orderId: result.id, buyerId });
      assert.equal(stored.address.city, 'Shanghai');
      assert.equal(stored.lines[0]!.title.en, 'Wireless Headphones');
      assert.deepEqual(
        stored.history.map((h) => [h.from, h.to, h.actor]),
        [[null, 'PENDING_PAYMENT', 'buyer']],
      );
      const intent = await c.payment.getIntent({ intentId: result.payment.intentId });
      assert.deepEqual([intent.orderId, intent.amount], [result.id, result.total]);
    });

    test('the same submit token twice, or at once, answers one order and reserves once', async () => {
      const buyer = await buyerWithAddress(c);
      const skus = await skusOnSale(c, [3000], 10);
      await inCart(c, buyer.buyerId, [{ skuId: skus[0]!.id, quantity: 4 }]);
      const { submitToken } = await order().previewCheckout(buyer);
      const answers = await Promise.all([1, 2, 3].map(() => order().placeOrder({ ...buyer, submitToken })));
      const again = await order().placeOrder({ ...buyer, submitToken });
      assert.equal(new Set([...answers, again].map((a) => a.id)).size, 1);
      assert.equal(await available(c, skus[0]!.id), 6);
      assert.equal((await order().listOrders({ buyerId: buyer.buyerId })).total, 1);
    });

    test("another buyer's submit token, or an unknown one, is refused", async () => {
      const { preview } = await placed();
      const stranger = await buyerWithAddress(c);
      await expectFailure(order().placeOrder({ ...stranger, submitToken: preview.submitToken }), 'SUBMIT_TOKEN_INVALID', 409);
      await expectFailure(order().placeOrder({ ...stranger, submitToken: 'x'.repeat(43) }), 'SUBMIT_TOKEN_INVALID', 409);
    });

    test('a line that ran out makes the saga compensate: INSUFFICIENT_STOCK, nothing held, the same answer on retry', async () => {
      const buyer = await buyerWithAddress(c);
      const [plenty, scarce] = await skusOnSale(c, [1000, 1000], 3);
      await inCart(c, buyer.buyerId, [
        { skuId: plenty!.id, quantity: 2 },
        { skuId: scarce!.id, quantity: 3 },
      ]);
      const { submitToken } = await order().previewCheckout(buyer);
      await c.inventory.reserve({ ref: `other-${randomUUID()}`, lines: [{ skuId: scarce!.id, quantity: 2 }], ttlSeconds: 60 });
      await expectFailure(order().placeOrder({ ...buyer, submitToken }), 'INSUFFICIENT_STOCK', 409);
      await expectFailure(order().placeOrder({ ...buyer, submitToken }), 'INSUFFICIENT_STOCK', 409);
      assert.equal(await available(c, plenty!.id), 3);
      assert.equal((await order().listOrders({ buyerId: buyer.buyerId })).total, 0);
    });

    test('cancelling an unpaid order releases its stock and cancels its intent; a second cancel changes nothing', async () => {
      const { buyerId, skus, result } = await placed([2500], [2]);
      const cancelled = await order().cancelOrder({ orderId: result.id, buyerId });
      assert.equal(cancelled.status, 'CANCELLED');
      await waitFor(async () => (await available(c, skus[0]!.id)) === 10, 10_000, 'the reservation released');
      await waitFor(
        async () => (await c.payment.getIntent({ intentId: result.payment.intentId })).status === 'cancelled',
        10_000,
        'intent cancelled',
      );
      const again = await order().cancelOrder({ orderId: result.id, buyerId });
      assert.equal(again.history.length, 2);
    });

    test("another buyer's order is NOT_FOUND to read and to cancel", async () => {
      const { result } = await placed();
      const stranger = randomUUID();
      await expectFailure(order().getOrder({ orderId: result.id, buyerId: stranger }), 'NOT_FOUND', 404);
      await expectFailure(order().cancelOrder({ orderId: result.id, buyerId: stranger }), 'NOT_FOUND', 404);
    });

    test('an unpaid order is cancelled at expiresAt and its stock released', async () => {
      const { buyerId, skus, result } = await placed([2500], [1]);
      await waitFor(async () => (await order().getOrder({ orderId: result.id, buyerId })).status === 'CANCELLED', 15_000, 'the timeout');
      const stored = await order().getOrder({ orderId: result.id, buyerId });
      assert.deepEqual(stored.history.at(-1)!.actor, 'system');
      await waitFor(async () => (await available(c, skus[0]!.id)) === 10, 10_000, 'the reservation released');
    });

    test('a payment moves the order to PAID and commits its stock; staff ship it and the buyer confirms receipt', async () => {
      const { buyerId, skus, result } = await placed([2500], [2]);
      await c.payment.acceptNotification(chargeSucceeded(result.payment.intentId, result.total));
      await waitFor(async () => (await order().getOrder({ orderId: result.id, buyerId })).status === 'PAID', 10_000, 'PAID');
      await waitFor(async () => (await c.inventory.getStock({ skuId: skus[0]!.id })).onHand === 8, 10_000, 'stock committed');
      await expectFailure(order().cancelOrder({ orderId: result.id, buyerId }), 'ORDER_NOT_CANCELLABLE', 409);
      await expectFailure(order().confirmReceipt({ orderId: result.id, buyerId }), 'ILLEGAL_TRANSITION', 409);
      const staff = randomUUID();
      const shipped = await order().shipOrder({ orderId: result.id, actor: staff, carrier: 'SF Express', trackingNo: 'SF1234' });
      assert.deepEqual([shipped.status, shipped.shipment?.trackingNo], ['SHIPPED', 'SF1234']);
      const done = await order().confirmReceipt({ orderId: result.id, buyerId });
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(
        done.history.map((h) => h.to),
        ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED'],
      );
      const found = await order().searchOrders({ orderNo: result.orderNo });
      assert.deepEqual(
        found.items.map((o) => o.id),
        [result.id],
      );
    });

    test('a paid order may ask for a refund, which staff approve', async () => {
      const { buyerId, result } = await placed([2500], [1]);
      await expectFailure(order().requestRefund({ orderId: result.id, buyerId, reason: 'too early' }), 'ILLEGAL_TRANSITION', 409);
      await c.payment.acceptNotification(chargeSucceeded(result.payment.intentId, result.total));
      await waitFor(async () => (await order().getOrder({ orderId: result.id, buyerId })).status === 'PAID', 10_000, 'PAID');
      const asked = await order().requestRefund({ orderId: result.id, buyerId, reason: 'changed my mind' });
      assert.deepEqual([asked.status, asked.refundReason], ['REFUND_REQUESTED', 'changed my mind']);
      const approved = await order().approveRefund({ orderId: result.id, actor: randomUUID() });
      assert.equal(approved.history.at(-1)!.reason, 'refund approved');
    });

    test('a payment after the order was cancelled never makes it PAID (payment refunds the late charge)', async () => {
      const { buyerId, result } = await placed([2500], [1]);
      await order().cancelOrder({ orderId: result.id, buyerId });
      await waitFor(
        async () => (await c.payment.getIntent({ intentId: result.payment.intentId })).status === 'cancelled',
        10_000,
        'intent cancelled',
      );
      await c.payment.acceptNotification(chargeSucceeded(result.payment.intentId, result.total));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await order().getOrder({ orderId: result.id, buyerId })).status, 'CANCELLED');
    });
  });
}
