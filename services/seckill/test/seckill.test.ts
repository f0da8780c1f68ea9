// Seckill in both run modes (real servers over HTTP; the all-in-one host on PGlite), with inventory behind it:
// sessions in the back office, the stock carved out and given back, and the grab's answers and refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InventoryContract } from '@mall/contracts/inventory';
import { SeckillContract } from '@mall/contracts/seckill';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import inventoryService from '../../inventory/src/service.ts';
import seckillService from '../src/service.ts';

const key = (): string => `t-${randomUUID()}`;
const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();
const HOUR = 3_600_000;

for (const mode of ['real', 'embedded'] as const) {
  describe(`seckill (${mode})`, () => {
    let deployment: TestDeployment;
    const seckill = () => deployment.client(SeckillContract);
    const inventory = () => deployment.client(InventoryContract);
    before(async () => {
      deployment = await startServices(mode, [inventoryService, seckillService]);
    });
    after(() => deployment.shutdown());

    async function stockedSku(onHand: number): Promise<string> {
      const skuId = randomUUID();
      await inventory().restock({ skuId, quantity: onHand, reason: 'test stock', idempotencyKey: key() });
      return skuId;
    }

    async function openSession(skuId: string, quantity: number, perUserLimit = 1, window = { startsAt: inMs(-1000), endsAt: inMs(HOUR) }) {
      const draft = await seckill().createSession({
        idempotencyKey: key(),
        title: 'test sale',
        ...window,
        items: [{ skuId, price: { amount: 990, currency: 'CNY' }, quantity, perUserLimit }],
      });
      return seckill().publishSession({ sessionId: draft.id });
    }

    async function grab(itemId: string, buyerId: string) {
      const { token } = await seckill().grabToken({ itemId, buyerId });
      return seckill().grab({ itemId, buyerId, token });
    }

    test('publishing carves the quantity out of inventory in the ledger, and closing gives back what was not sold', async () => {
      const skuId = await stockedSku(10);
      const session = await openSession(skuId, 4);
      assert.equal(session.status, 'PUBLISHED');
      assert.equal((await inventory().getStock({ skuId })).onHand, 6);
      const again = await seckill().publishSession({ sessionId: session.id });
      assert.equal((await inventory().getStock({ skuId })).onHand, 6, 'a second publish carves nothing more');
      assert.equal(again.items[0]!.remaining, 4);
      await grab(again.items[0]!.id, randomUUID());
      const closed = await seckill().closeSession({ sessionId: session.id });
      assert.equal(closed.status, 'CLOSED');
      assert.equal((await inventory().getStock({ skuId })).onHand, 9, 'the 3 unsold units are back');
      const { entries } = await inventory().ledger({ skuId });
      assert.deepEqual(
        entries.map((e) => [e.kind, e.onHandDelta]),
        [
          ['deallocate', 3],
          ['allocate', -4],
          ['restock', 10],
        ],
      );
      assert.deepEqual((await inventory().audit({})).findings, []);
      await seckill().closeSession({ sessionId: session.id });
      assert.equal((await inventory().getStock({ skuId })).onHand, 9, 'a second close gives nothing more');
    });

    test('a grab answers a ticket that only its buyer can read', async () => {
      const session = await openSession(await stockedSku(5), 2);
      const buyerId = randomUUID();
      const { ticketId } = await grab(session.items[0]!.id, buyerId);
      const ticket = await seckill().getTicket({ ticketId, buyerId });
      // No order service runs here: the ticket is queued, or already failed by the batcher (orders.test.ts has them).
      assert.equal(ticket.itemId, session.items[0]!.id);
      await expectFailure(seckill().getTicket({ ticketId, buyerId: randomUUID() }), 'NOT_FOUND');
    });

    test('a buyer gets no more than the per-user limit, and the stock never goes below zero', async () => {
      const session = await openSession(await stockedSku(10), 3, 2);
      const itemId = session.items[0]!.id;
      const alice = randomUUID();
      await grab(itemId, alice);
      await grab(itemId, alice);
      await expectFailure(grab(itemId, alice), 'LIMIT_REACHED');
      await grab(itemId, randomUUID());
      await expectFailure(grab(itemId, randomUUID()), 'SOLD_OUT');
    });

    test('a token serves one grab, and a token of another buyer or a forged one is refused', async () => {
      const session = await openSession(await stockedSku(10), 5, 3);
      const itemId = session.items[0]!.id;
      const buyerId = randomUUID();
      const { token } = await seckill().grabToken({ itemId, buyerId });
      await seckill().grab({ itemId, buyerId, token });
      await expectFailure(seckill().grab({ itemId, buyerId, token }), 'LIMIT_REACHED');
      await expectFailure(seckill().grab({ itemId, buyerId: randomUUID(), token }), 'GRAB_TOKEN_INVALID');
      await expectFailure(seckill().grab({ itemId, buyerId, token: 'forged.token' }), 'GRAB_TOKEN_INVALID');
    });

    test('before the start no token is handed out, and the storefront lists the session as upcoming', async () => {
      const session = await openSession(await stockedSku(5), 2, 1, { startsAt: inMs(HOUR), endsAt: inMs(2 * HOUR) });
      await expectFailure(seckill().grabToken({ itemId: session.items[0]!.id, buyerId: randomUUID() }), 'NOT_STARTED');
      const listed = (await seckill().storefrontSessions({})).sessions.find((s) => s.id === session.id);
      assert.equal(listed?.items[0]?.remaining, 2);
    });

    test('after the close a grab is ENDED and no token is handed out', async () => {
      const session = await openSession(await stockedSku(5), 2, 1);
      const itemId = session.items[0]!.id;
      const buyerId = randomUUID();
      const { token } = await seckill().grabToken({ itemId, buyerId });
      await seckill().closeSession({ sessionId: session.id });
      await expectFailure(seckill().grab({ itemId, buyerId, token }), 'ENDED');
      await expectFailure(seckill().grabToken({ itemId, buyerId }), 'ENDED');
    });

    test('a SKU cannot be in two overlapping sessions; a draft is edited, a published one is not', async () => {
      const skuId = await stockedSku(10);
      const first = await openSession(skuId, 2, 1, { startsAt: inMs(HOUR), endsAt: inMs(3 * HOUR) });
      const item = { skuId, price: { amount: 100, currency: 'CNY' }, quantity: 1, perUserLimit: 1 };
      await expectFailure(
        seckill().createSession({ idempotencyKey: key(), title: 'clash', startsAt: inMs(2 * HOUR), endsAt: inMs(4 * HOUR), items: [item] }),
        'SKU_IN_OVERLAPPING_SESSION',
      );
      const later = await seckill().createSession({
        idempotencyKey: key(),
        title: 'later',
        startsAt: inMs(3 * HOUR),
        endsAt: inMs(4 * HOUR),
        items: [item],
      });
      const edited = await seckill().updateSession({
        sessionId: later.id,
        title: 'later, renamed',
        startsAt: inMs(3 * HOUR),
        endsAt: inMs(5 * HOUR),
        items: [{ ...item, quantity: 2 }],
      });
      assert.equal(edited.title, 'later, renamed');
      assert.equal(edited.items[0]!.quantity, 2);
      await expectFailure(
        seckill().updateSession({ sessionId: first.id, title: 'x', startsAt: inMs(HOUR), endsAt: inMs(2 * HOUR), items: [item] }),
        'SESSION_NOT_EDITABLE',
      );
    });

    test('publishing more than inventory holds is INSUFFICIENT_STOCK and leaves the session a draft', async () => {
      const skuId = await stockedSku(1);
      const draft = await seckill().createSession({
        idempotencyKey: key(),
        title: 'too big',
        startsAt: inMs(-1000),
        endsAt: inMs(HOUR),
        items: [{ skuId, price: { amount: 100, currency: 'CNY' }, quantity: 5, perUserLimit: 1 }],
      });
      await expectFailure(seckill().publishSession({ sessionId: draft.id }), 'INSUFFICIENT_STOCK');
      assert.equal((await seckill().getSession({ sessionId: draft.id })).status, 'DRAFT');
      assert.equal((await inventory().getStock({ skuId })).onHand, 1);
    });

    test('a window that ends before it starts, and a SKU twice in one session, are refused', async () => {
      const skuId = randomUUID();
      const item = { skuId, price: { amount: 100, currency: 'CNY' }, quantity: 1, perUserLimit: 1 };
      await expectFailure(
        seckill().createSession({ idempotencyKey: key(), title: 'bad', startsAt: inMs(2 * HOUR), endsAt: inMs(HOUR), items: [item] }),
        'INVALID_WINDOW',
      );
      await expectFailure(
        seckill().createSession({ idempotencyKey: key(), title: 'bad', startsAt: inMs(HOUR), endsAt: inMs(2 * HOUR), items: [item, item] }),
        'DUPLICATE_SKU',
      );
    });
  });
}
