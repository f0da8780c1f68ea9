// Inventory in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InventoryContract } from '@mall/contracts/inventory';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import inventoryService from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`inventory (${mode})`, () => {
    let deployment: TestDeployment;
    const client = () => deployment.client(InventoryContract);
    before(async () => {
      deployment = await startServices(mode, [inventoryService]);
    });
    after(() => deployment.shutdown());

    test('a stock is created with a normalised name and read back by id', async () => {
      const created = await client().createStock({ idempotencyKey: `t-${randomUUID()}`, name: '  first \t stock ' });
      assert.equal(created.name, 'first stock');
      assert.deepEqual(await client().getStock({ id: created.id }), created);
    });

    test('a retried create answers the same stock and creates no second one', async () => {
      const key = `t-${randomUUID()}`;
      const first = await client().createStock({ idempotencyKey: key, name: 'retried' });
      const again = await client().createStock({ idempotencyKey: key, name: 'retried' });
      assert.equal(again.id, first.id);
    });

    test('a blank name is refused with VALIDATION_FAILED', async () => {
      await expectFailure(client().createStock({ idempotencyKey: `t-${randomUUID()}`, name: '   ' }), 'VALIDATION_FAILED');
    });

    test('an unknown id answers NOT_FOUND', async () => {
      await expectFailure(client().getStock({ id: randomUUID() }), 'NOT_FOUND');
    });
  });
}
