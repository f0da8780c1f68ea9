// Cart in both run modes: against the real servers (PostgreSQL, NATS, etcd) with catalog and inventory as real
// instances, and in the all-in-one host on PGlite, through the same typed clients. Prices and availability are read
// on every view; limits are refused with their codes; a paid order's lines leave the cart once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, randomBytes } from 'node:crypto';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { expectFailure, forgetRowsAfterwards, startServices, type TestDeployment } from '@mall/platform/testkit';
import catalogService from '../../catalog/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import cartService from '../src/service.ts';
import { eventually, key, orderStandIn, paidOrder, productOnSale, yuan } from './fixtures.ts';

const guest = () => ({ guestToken: randomBytes(16).toString('base64url') });
const LIMITS = { MALL_CART_MAX_LINES: '3', MALL_CART_MAX_QUANTITY_PER_LINE: '5' };
const member = () => ({ buyerId: randomUUID() });

for (const mode of ['real', 'embedded'] as const) {
  describe(`cart (${mode})`, () => {
    let deployment: TestDeployment;
    let forgetRows = async (): Promise<void> => {};
    const order = orderStandIn();
    const cart = () => deployment.client(CartContract);
    const catalog = () => deployment.client(CatalogContract);
    const inventory = () => deployment.client(InventoryContract);
    const product = (prices: number[], stock?: number[]) => productOnSale(catalog(), inventory(), prices, stock);

    before(async () => {
      if (mode === 'real') forgetRows = await forgetRowsAfterwards('catalog');
      // A service's own settings come from the process environment (the kernel's from `env`): small limits to reach.
      Object.assign(process.env, LIMITS);
      deployment = await startServices(mode, [inventoryService, catalogService, cartService, order.definition]);
    });
    after(async () => {
      for (const name of Object.keys(LIMITS)) delete process.env[name];
      await deployment.shutdown();
      await forgetRows();
    });

    test('an added line shows the current price, availability and totals, and a retry with the same key adds nothing', async () => {
      const { skus } = await product([12900, 25900], [4, 10]);
      const owner = guest();
      const idempotencyKey = key();
      await cart().addLine({ owner, idempotencyKey, skuId: skus[0]!.id, quantity: 2 });
      const view = await cart().addLine({ owner, idempotencyKey, skuId: skus[0]!.id, quantity: 2 });
      assert.equal(view.lines.length, 1);
      const [line] = view.lines;
      assert.equal(line!.quantity, 2, 'the retry added nothing');
      assert.deepEqual(line!.unitPrice, yuan(12900));
      assert.deepEqual(line!.lineTotal, yuan(25800));
      assert.equal(line!.available, 4);
      assert.equal(line!.status, 'ok');
      assert.equal(line!.priceChanged, false);
      assert.equal(line!.title?.en, 'Cart Test Headphones');
      assert.deepEqual(view.subtotal, yuan(25800));
      assert.equal(view.selectedQuantity, 2);
      assert.deepEqual(view.limits, { maxLines: 3, maxQuantityPerLine: 5 });
      await expectFailure(cart().addLine({ owner, idempotencyKey, skuId: skus[1]!.id, quantity: 1 }), 'IDEMPOTENCY_KEY_REUSED', 409);
    });

    test('a price change is flagged with the price when added; adding again takes the new price', async () => {
      const { skus } = await product([10000]);
      const owner = member();
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 1 });
      await catalog().updateSku({ id: skus[0]!.id, version: skus[0]!.version, price: yuan(8800) });
      const [line] = (await cart().getCart({ owner })).lines;
      assert.equal(line!.priceChanged, true);
      assert.deepEqual(line!.addedPrice, yuan(10000));
      assert.deepEqual(line!.unitPrice, yuan(8800), 'the current price, never the stored one');
      const [again] = (await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 1 })).lines;
      assert.equal(again!.priceChanged, false);
      assert.equal(again!.quantity, 2);
    });

    test('a line that ran out is sold_out, one above the stock exceeds_available, one off sale not_on_sale', async () => {
      const { skus, productId, productVersion } = await product([5000, 6000], [3, 3]);
      const owner = guest();
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 3 });
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[1]!.id, quantity: 3 });
      await inventory().adjust({ idempotencyKey: key(), skuId: skus[0]!.id, delta: -3, reason: 'broken' });
      await inventory().adjust({ idempotencyKey: key(), skuId: skus[1]!.id, delta: -1, reason: 'broken' });
      const view = await cart().getCart({ owner });
      const status = new Map(view.lines.map((l) => [l.skuId, l]));
      assert.equal(status.get(skus[0]!.id)!.status, 'sold_out');
      assert.equal(status.get(skus[1]!.id)!.status, 'exceeds_available');
      assert.equal(status.get(skus[1]!.id)!.available, 2);
      assert.equal(view.subtotal, null, 'no line may be bought as it stands');
      await catalog().updateProduct({ id: productId, version: productVersion, status: 'off_sale' });
      const off = await cart().getCart({ owner });
      assert.ok(off.lines.every((l) => l.status === 'not_on_sale'));
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: skus[1]!.id, quantity: 1 }), 'SKU_NOT_ON_SALE', 409);
    });

    test('an unknown SKU, a quantity over the line maximum or the stock, and a full cart are refused with their codes', async () => {
      const { skus } = await product([100, 200, 300, 400], [100, 100, 100, 2]);
      const owner = guest();
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: randomUUID(), quantity: 1 }), 'SKU_NOT_FOUND', 404);
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 6 }), 'LINE_QUANTITY_LIMIT', 409);
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: skus[3]!.id, quantity: 3 }), 'INSUFFICIENT_STOCK', 409);
      for (const s of skus.slice(0, 3)) await cart().addLine({ owner, idempotencyKey: key(), skuId: s.id, quantity: 1 });
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: skus[3]!.id, quantity: 1 }), 'CART_FULL', 409);
      await expectFailure(cart().updateLine({ owner, skuId: skus[0]!.id, quantity: 6 }), 'LINE_QUANTITY_LIMIT', 409);
      await expectFailure(cart().updateLine({ owner, skuId: skus[3]!.id, quantity: 1 }), 'LINE_NOT_FOUND', 404);
      await expectFailure(cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 0 }), 'VALIDATION_FAILED', 400);
      await expectFailure(cart().getCart({ owner: { guestToken: 'short' } }), 'VALIDATION_FAILED', 400);
      const view = await cart().getCart({ owner });
      assert.equal(view.lines.length, 3, 'nothing refused changed the cart');
      assert.ok(view.lines.every((l) => l.quantity === 1));
    });

    test('concurrent adds to one cart keep its limits: lines per cart and units per line', async () => {
      const { skus } = await product([100, 200, 300, 400, 500], [100, 100, 100, 100, 100]);
      const owner = guest();
      const lines = await Promise.allSettled(skus.map((s) => cart().addLine({ owner, idempotencyKey: key(), skuId: s.id, quantity: 1 })));
      assert.equal(lines.filter((r) => r.status === 'fulfilled').length, 3, 'three lines fit');
      assert.equal((await cart().getCart({ owner })).lines.length, 3);
      const units = await Promise.allSettled(
        Array.from({ length: 6 }, () => cart().addLine({ owner: guest(), idempotencyKey: key(), skuId: skus[0]!.id, quantity: 1 })),
      );
      assert.ok(
        units.every((r) => r.status === 'fulfilled'),
        'other carts are not held up',
      );
      const one = guest();
      const sameLine = await Promise.allSettled(
        Array.from({ length: 4 }, () => cart().addLine({ owner: one, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 2 })),
      );
      assert.equal(sameLine.filter((r) => r.status === 'fulfilled').length, 2, 'two adds of 2 fit under the maximum of 5');
      assert.equal((await cart().getCart({ owner: one })).lines[0]!.quantity, 4);
    });

    test('a line is changed, deselected and removed; checkout lines are the selected ones', async () => {
      const { skus } = await product([100, 200]);
      const owner = member();
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 1 });
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[1]!.id, quantity: 1 });
      await cart().updateLine({ owner, skuId: skus[0]!.id, quantity: 4 });
      const view = await cart().updateLine({ owner, skuId: skus[1]!.id, selected: false });
      assert.equal(view.selectedQuantity, 4);
      assert.deepEqual(view.subtotal, yuan(400));
      assert.deepEqual(await cart().checkoutLines(owner), { lines: [{ skuId: skus[0]!.id, quantity: 4 }] });
      const removed = await cart().removeLine({ owner, skuId: skus[0]!.id });
      assert.deepEqual(
        removed.lines.map((l) => l.skuId),
        [skus[1]!.id],
      );
      await cart().removeLine({ owner, skuId: skus[0]!.id });
      assert.deepEqual(await cart().checkoutLines(owner), { lines: [] });
    });

    test('a guest cart merges into the member cart: quantities add, capped by stock and the line maximum; once', async () => {
      const { skus } = await product([100, 200, 300], [3, 100, 100]);
      const token = guest();
      const owner = member();
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 2 });
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[1]!.id, quantity: 4 });
      await cart().addLine({ owner: token, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 2 });
      await cart().addLine({ owner: token, idempotencyKey: key(), skuId: skus[1]!.id, quantity: 4 });
      await cart().addLine({ owner: token, idempotencyKey: key(), skuId: skus[2]!.id, quantity: 1 });
      const first = await cart().mergeGuestCart({ guestToken: token.guestToken, buyerId: owner.buyerId });
      assert.equal(first.merged, 3);
      const quantities = new Map(first.cart.lines.map((l) => [l.skuId, l.quantity]));
      assert.equal(quantities.get(skus[0]!.id), 3, 'capped by the 3 available');
      assert.equal(quantities.get(skus[1]!.id), 5, 'capped by the line maximum of 5');
      assert.equal(quantities.get(skus[2]!.id), 1);
      const again = await cart().mergeGuestCart({ guestToken: token.guestToken, buyerId: owner.buyerId });
      assert.equal(again.merged, 0);
      assert.deepEqual(again.cart, first.cart);
      assert.equal((await cart().getCart({ owner: token })).lines.length, 0, 'the guest cart is empty');
    });

    test('order.paid drops the purchased lines from the buyer cart, exactly once per order', async () => {
      const { skus } = await product([100, 200, 300]);
      const owner = member();
      for (const s of skus) await cart().addLine({ owner, idempotencyKey: key(), skuId: s.id, quantity: 1 });
      const paid = paidOrder(owner.buyerId, [skus[0]!.id, skus[1]!.id]);
      const eventId = randomUUID();
      await order.publishPaid(paid, eventId);
      const lineIds = async () => (await cart().getCart({ owner })).lines.map((l) => l.skuId);
      await eventually('the paid lines leave the cart', async () => (await lineIds()).length === 1);
      assert.deepEqual(await lineIds(), [skus[2]!.id]);

      // The shopper adds one of them again; the same event delivered again, or the same order under another
      // event id, must not take it away.
      await cart().addLine({ owner, idempotencyKey: key(), skuId: skus[0]!.id, quantity: 1 });
      await order.publishPaid(paid, eventId);
      await order.publishPaid(paid, randomUUID());
      const sentinel = paidOrder(owner.buyerId, [skus[2]!.id]);
      await order.publishPaid(sentinel);
      await eventually('a later order is applied', async () => !(await lineIds()).includes(skus[2]!.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await lineIds(), [skus[0]!.id]);
    });
  });
}
