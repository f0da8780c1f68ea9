// Cart in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CartContract } from '@mall/contracts/cart';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import cartService from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`cart (${mode})`, () => {
    let deployment: TestDeployment;
    const client = () => deployment.client(CartContract);
    before(async () => {
      deployment = await startServices(mode, [cartService]);
    });
    after(() => deployment.shutdown());

    test('a cart is created with a normalised name and read back by id', async () => {
      const created = await client().createCart({ idempotencyKey: `t-${randomUUID()}`, name: '  first \t cart ' });
      assert.equal(created.name, 'first cart');
      assert.deepEqual(await client().getCart({ id: created.id }), created);
    });

    test('a retried create answers the same cart and creates no second one', async () => {
      const key = `t-${randomUUID()}`;
      const first = await client().createCart({ idempotencyKey: key, name: 'retried' });
      const again = await client().createCart({ idempotencyKey: key, name: 'retried' });
      assert.equal(again.id, first.id);
    });

    test('a blank name is refused with VALIDATION_FAILED', async () => {
      await expectFailure(client().createCart({ idempotencyKey: `t-${randomUUID()}`, name: '   ' }), 'VALIDATION_FAILED');
    });

    test('an unknown id answers NOT_FOUND', async () => {
      await expectFailure(client().getCart({ id: randomUUID() }), 'NOT_FOUND');
    });
  });
}
