// Inventory in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client. Each test stocks SKUs of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InventoryContract } from '@mall/contracts/inventory';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import { key, ref, stockedSku, waitFor, type Inventory } from './harness.ts';
import inventoryService from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`inventory (${mode})`, () => {
    let deployment: TestDeployment;
    let inventory: Inventory;
    before(async () => {
      deployment = await startServices(mode, [inventoryService]);
      inventory = deployment.client(InventoryContract);
    });
    after(() => deployment.shutdown());

    test('availability of many SKUs answers each, an unknown one as 0 and not known', async () => {
      const a = await stockedSku(inventory, 7);
      const b = await stockedSku(inventory, 3);
      const unknown = randomUUID();
      await inventory.reserve({ ref: ref(), lines: [{ skuId: b, quantity: 2 }], ttlSeconds: 60 });
      const { items } = await inventory.availability({ skuIds: [a, unknown, b] });
      assert.deepEqual(items, [
        { skuId: a, available: 7, known: true },
        { skuId: unknown, available: 0, known: false },
        { skuId: b, available: 1, known: true },
      ]);
    });

    test('a reservation holds every line, and a retry of it holds nothing more', async () => {
      const a = await stockedSku(inventory, 5);
      const b = await stockedSku(inventory, 5);
      const r = ref();
      const lines = [
        { skuId: a, quantity: 2 },
        { skuId: b, quantity: 3 },
      ];
      const held = await inventory.reserve({ ref: r, lines, ttlSeconds: 60 });
      assert.equal(held.status, 'held');
      const again = await inventory.reserve({ ref: r, lines: [...lines].reverse(), ttlSeconds: 60 });
      assert.deepEqual(again, held);
      assert.deepEqual([(await inventory.getStock({ skuId: a })).reserved, (await inventory.getStock({ skuId: b })).reserved], [2, 3]);
    });

    test('the same ref with other lines is refused as a mismatch', async () => {
      const a = await stockedSku(inventory, 5);
      const r = ref();
      await inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 1 }], ttlSeconds: 60 });
      await expectFailure(inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 2 }], ttlSeconds: 60 }), 'RESERVATION_MISMATCH', 409);
      assert.equal((await inventory.getStock({ skuId: a })).reserved, 1);
    });

    test('a multi-line reservation with one short line fails whole, naming the short SKU', async () => {
      const plenty = await stockedSku(inventory, 10);
      const short = await stockedSku(inventory, 1);
      const never = randomUUID();
      const r = ref();
      const err = await expectFailure(
        inventory.reserve({
          ref: r,
          lines: [
            { skuId: plenty, quantity: 4 },
            { skuId: short, quantity: 2 },
            { skuId: never, quantity: 1 },
          ],
          ttlSeconds: 60,
        }),
        'INSUFFICIENT_STOCK',
        409,
      );
      const shortages = (err.details as { shortages: { skuId: string; requested: number; available: number }[] }).shortages;
      assert.deepEqual(shortages.map((s) => s.skuId).sort(), [short, never].sort());
      assert.equal((await inventory.getStock({ skuId: plenty })).reserved, 0, 'the line that fitted was not held either');
      await expectFailure(inventory.getReservation({ ref: r }), 'NOT_FOUND');
    });

    test('a SKU named on two lines is refused before anything is held', async () => {
      const a = await stockedSku(inventory, 5);
      await expectFailure(
        inventory.reserve({
          ref: ref(),
          lines: [
            { skuId: a, quantity: 1 },
            { skuId: a.toUpperCase(), quantity: 1 },
          ],
          ttlSeconds: 60,
        }),
        'DUPLICATE_SKU',
        400,
      );
    });

    test('confirm takes the units off on hand and reserved, and confirming again changes nothing', async () => {
      const a = await stockedSku(inventory, 5);
      const r = ref();
      await inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 2 }], ttlSeconds: 60 });
      const confirmed = await inventory.confirm({ ref: r });
      assert.equal(confirmed.status, 'confirmed');
      assert.deepEqual(await inventory.confirm({ ref: r }), confirmed);
      const stock = await inventory.getStock({ skuId: a });
      assert.deepEqual([stock.onHand, stock.reserved, stock.available], [3, 0, 3]);
      await expectFailure(inventory.cancel({ ref: r }), 'RESERVATION_CONFIRMED', 409);
      assert.equal((await inventory.getStock({ skuId: a })).onHand, 3);
    });

    test('cancel releases the hold, cancelling again changes nothing, and confirm after cancel is refused', async () => {
      const a = await stockedSku(inventory, 5);
      const r = ref();
      await inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 4 }], ttlSeconds: 60 });
      assert.equal((await inventory.cancel({ ref: r })).status, 'cancelled');
      assert.equal((await inventory.cancel({ ref: r })).status, 'cancelled');
      await expectFailure(inventory.confirm({ ref: r }), 'RESERVATION_CANCELLED', 409);
      const stock = await inventory.getStock({ skuId: a });
      assert.deepEqual([stock.onHand, stock.reserved], [5, 0]);
      const { entries } = await inventory.ledger({ skuId: a });
      assert.deepEqual(
        entries.map((e) => [e.kind, e.reference, e.actor]),
        [
          ['release', r, null],
          ['reserve', r, null],
          ['restock', entries[2]!.reference, null],
        ],
        'one release, whatever the number of cancels',
      );
    });

    test('a cancel that overtakes its reserve makes the late reserve fail instead of holding stock', async () => {
      const a = await stockedSku(inventory, 5);
      const r = ref();
      assert.equal((await inventory.cancel({ ref: r })).status, 'cancelled');
      await expectFailure(inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 1 }], ttlSeconds: 60 }), 'RESERVATION_CANCELLED', 409);
      assert.equal((await inventory.getStock({ skuId: a })).reserved, 0);
    });

    test('confirming an unknown ref is NOT_FOUND', async () => {
      await expectFailure(inventory.confirm({ ref: ref() }), 'NOT_FOUND', 404);
    });

    test('a hold past its time is released by the expiry job, and then refuses a confirm', async () => {
      const a = await stockedSku(inventory, 3);
      const r = ref();
      await inventory.reserve({ ref: r, lines: [{ skuId: a, quantity: 3 }], ttlSeconds: 1 });
      assert.equal((await inventory.getStock({ skuId: a })).available, 0);
      await waitFor(async () => (await inventory.getReservation({ ref: r })).status === 'expired', 10_000, 'the hold to expire');
      const stock = await inventory.getStock({ skuId: a });
      assert.deepEqual([stock.onHand, stock.reserved], [3, 0]);
      await expectFailure(inventory.confirm({ ref: r }), 'RESERVATION_EXPIRED', 409);
      assert.equal((await inventory.cancel({ ref: r })).status, 'expired', 'a late compensation succeeds and moves nothing');
      assert.equal((await inventory.ledger({ skuId: a })).entries[0]!.kind, 'expiry');
    });

    test('a restock retried with its key adds once; the key reused for another restock is refused', async () => {
      const skuId = randomUUID();
      const k = key();
      await inventory.restock({ skuId, quantity: 4, reason: 'delivery 1', idempotencyKey: k });
      const again = await inventory.restock({ skuId, quantity: 4, reason: 'delivery 1', idempotencyKey: k });
      assert.equal(again.onHand, 4);
      await expectFailure(
        inventory.restock({ skuId, quantity: 5, reason: 'delivery 1', idempotencyKey: k }),
        'IDEMPOTENCY_KEY_REUSED',
        409,
      );
      assert.equal((await inventory.getStock({ skuId })).onHand, 4);
    });

    test('an adjustment moves on hand but never below what is reserved', async () => {
      const a = await stockedSku(inventory, 10);
      await inventory.reserve({ ref: ref(), lines: [{ skuId: a, quantity: 6 }], ttlSeconds: 60 });
      assert.equal((await inventory.adjust({ skuId: a, delta: -4, reason: 'broken in the warehouse', idempotencyKey: key() })).onHand, 6);
      await expectFailure(inventory.adjust({ skuId: a, delta: -1, reason: 'count', idempotencyKey: key() }), 'BELOW_RESERVED', 409);
      await expectFailure(inventory.adjust({ skuId: a, delta: 0, reason: 'count', idempotencyKey: key() }), 'ZERO_ADJUSTMENT', 400);
      await expectFailure(inventory.adjust({ skuId: randomUUID(), delta: 1, reason: 'count', idempotencyKey: key() }), 'NOT_FOUND', 404);
      const [latest] = (await inventory.ledger({ skuId: a, pageSize: 1 })).entries;
      assert.deepEqual([latest!.kind, latest!.onHandDelta, latest!.reason], ['adjustment', -4, 'broken in the warehouse']);
    });

    test('stock and ledger are read page by page', async () => {
      const a = await stockedSku(inventory, 1);
      for (let i = 0; i < 3; i++) await inventory.restock({ skuId: a, quantity: 1, reason: `delivery ${i}`, idempotencyKey: key() });
      const first = await inventory.ledger({ skuId: a, page: 1, pageSize: 3 });
      const second = await inventory.ledger({ skuId: a, page: 2, pageSize: 3 });
      assert.deepEqual([first.total, first.entries.length, second.entries.length], [4, 3, 1]);
      assert.equal(second.entries[0]!.reason, 'test stock');
      const list = await inventory.listStock({ page: 1, pageSize: 2 });
      assert.equal(list.items.length, 2);
      assert.ok(list.total >= 1);
      await expectFailure(inventory.listStock({ pageSize: 101 }), 'VALIDATION_FAILED', 400);
    });

    test('inputs beyond their bounds are refused with VALIDATION_FAILED and hold nothing', async () => {
      const a = await stockedSku(inventory, 5);
      const line = { skuId: a, quantity: 1 };
      const refused = [
        inventory.availability({ skuIds: Array.from({ length: 201 }, () => randomUUID()) }),
        inventory.availability({ skuIds: [] }),
        inventory.reserve({ ref: ref(), lines: [], ttlSeconds: 60 }),
        inventory.reserve({ ref: ref(), lines: [{ skuId: a, quantity: 0 }], ttlSeconds: 60 }),
        inventory.reserve({ ref: ref(), lines: [line], ttlSeconds: 0 }),
        inventory.reserve({ ref: 'not a ref!', lines: [line], ttlSeconds: 60 }),
        inventory.reserve({ ref: ref(), lines: [{ ...line, quantity: '1' as unknown as number }], ttlSeconds: 60 }),
        inventory.restock({ skuId: a, quantity: 1.5, reason: 'x', idempotencyKey: key() }),
        inventory.ledger({ skuId: a, pageSize: 101 }),
      ];
      for (const call of refused) await expectFailure(call, 'VALIDATION_FAILED', 400);
      const stock = await inventory.getStock({ skuId: a });
      assert.deepEqual([stock.onHand, stock.reserved], [5, 0]);
    });

    test('2,000 concurrent 1-unit reservations of a SKU holding 100: exactly 100 succeed and the audit is clean', async () => {
      const a = await stockedSku(inventory, 100);
      const outcomes = await Promise.all(
        Array.from({ length: 2000 }, () =>
          inventory.reserve({ ref: ref('burst'), lines: [{ skuId: a, quantity: 1 }], ttlSeconds: 300 }).then(
            () => 'held',
            (err: { code?: string }) => err.code ?? String(err),
          ),
        ),
      );
      const counts = new Map<string, number>();
      for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(counts), { held: 100, INSUFFICIENT_STOCK: 1900 });
      const stock = await inventory.getStock({ skuId: a });
      assert.deepEqual([stock.onHand, stock.reserved, stock.available], [100, 100, 0]);
      const audit = await inventory.audit({});
      assert.deepEqual(audit.findings, []);
      assert.ok(audit.checkedSkus >= 1);
    });
  });
}
