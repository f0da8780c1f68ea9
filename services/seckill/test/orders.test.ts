// Flash-sale orders end to end in both run modes: grabs from many buyers at once take exactly the session's units,
// each ticket becomes an order at the sale price through the order service's saga, taken out of the sale's
// allocation (inventory's audit stays clean), and a ticket that cannot become an order gives its unit back to the sale.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MallError } from '@mall/contracts';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { InventoryContract } from '@mall/contracts/inventory';
import { OrderContract } from '@mall/contracts/order';
import { SeckillContract } from '@mall/contracts/seckill';
import { startServices, type TestDeployment } from '@mall/platform/testkit';
import cartService from '../../cart/src/service.ts';
import catalogService from '../../catalog/src/service.ts';
import identityService from '../../identity/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import orderService from '../../order/src/service.ts';
import paymentService from '../../payment/src/service.ts';
import { buyerWithAddress, key, skuOnSale, waitFor, type Clients } from './harness.ts';
import seckillService from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`seckill orders (${mode})`, () => {
    let deployment: TestDeployment;
    let c: Clients;
    const seckill = () => deployment.client(SeckillContract);
    before(async () => {
      deployment = await startServices(mode, [
        identityService,
        inventoryService,
        catalogService,
        cartService,
        paymentService,
        orderService,
        seckillService,
      ]);
      c = {
        identity: deployment.client(IdentityContract),
        catalog: deployment.client(CatalogContract),
        inventory: deployment.client(InventoryContract),
      };
    });
    after(() => deployment.shutdown());

    async function saleOf(skuId: string, quantity: number) {
      const draft = await seckill().createSession({
        idempotencyKey: key(),
        title: 'orders test',
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        items: [{ skuId, price: { amount: 990, currency: 'CNY' }, quantity, perUserLimit: 1 }],
      });
      return (await seckill().publishSession({ sessionId: draft.id })).items[0]!.id;
    }

    async function grab(itemId: string, buyerId: string): Promise<string> {
      const { token } = await seckill().grabToken({ itemId, buyerId });
      return (await seckill().grab({ itemId, buyerId, token })).ticketId;
    }

    async function settled(ticketId: string, buyerId: string) {
      let ticket = await seckill().getTicket({ ticketId, buyerId });
      await waitFor(
        async () => (ticket = await seckill().getTicket({ ticketId, buyerId })).status !== 'QUEUED',
        20_000,
        `ticket ${ticketId} to settle`,
      );
      return ticket;
    }

    test('concurrent grabs take exactly the units on sale, and each ticket becomes an order at the sale price', async () => {
      const skuId = await skuOnSale(c, 10_000, 20);
      const itemId = await saleOf(skuId, 4);
      const buyers = await Promise.all(Array.from({ length: 6 }, () => buyerWithAddress(c)));
      const answers = await Promise.all(
        buyers.map(async ({ buyerId }) => {
          try {
            return { buyerId, ticketId: await grab(itemId, buyerId) };
          } catch (err) {
            return { buyerId, refused: (err as MallError).code };
          }
        }),
      );
      const tickets = answers.filter((a): a is { buyerId: string; ticketId: string } => 'ticketId' in a);
      assert.equal(tickets.length, 4);
      assert.deepEqual(
        new Set(answers.filter((a) => 'refused' in a).map((a) => (a as { refused: string }).refused)),
        new Set(['SOLD_OUT']),
      );
      for (const { ticketId, buyerId } of tickets) {
        const ticket = await settled(ticketId, buyerId);
        assert.equal(ticket.status, 'ORDER_CREATED');
        const order = await deployment.client(OrderContract).getOrder({ orderId: ticket.orderId!, buyerId });
        assert.equal(order.status, 'PENDING_PAYMENT');
        assert.deepEqual(
          order.lines.map((l) => [l.skuId, l.quantity, l.unitPrice.amount]),
          [[skuId, 1, 990]],
        );
      }
      const stock = await c.inventory.getStock({ skuId: skuId });
      assert.deepEqual([stock.onHand, stock.reserved, stock.available], [20, 4, 16], "the orders hold the sale's units, no other");
      assert.equal((await c.inventory.getAllocation({ ref: `seckill:${itemId}` })).taken, 4);
      assert.deepEqual((await c.inventory.audit({})).findings, []);
    });

    test('a ticket that cannot become an order fails with the reason and gives its unit back to the sale', async () => {
      const skuId = await skuOnSale(c, 10_000, 5);
      const itemId = await saleOf(skuId, 1);
      const { user } = await c.identity.register({
        idempotencyKey: key(),
        email: `nobody-${randomUUID()}@example.com`,
        password: 'a good password',
      });
      const ticket = await settled(await grab(itemId, user.id), user.id);
      assert.deepEqual([ticket.status, ticket.failure], ['FAILED', 'NO_DEFAULT_ADDRESS']);
      const { buyerId } = await buyerWithAddress(c);
      // The unit is back in the store at once; an instance that saw the item sold out asks the store again shortly.
      let ticketId = '';
      await waitFor(
        () =>
          grab(itemId, buyerId).then(
            (id) => ((ticketId = id), true),
            (err: MallError) => (err.code === 'SOLD_OUT' ? false : Promise.reject(err)),
          ),
        10_000,
        'the returned unit to be grabbed',
      );
      const next = await settled(ticketId, buyerId);
      assert.equal(next.status, 'ORDER_CREATED');
    });
  });
}
