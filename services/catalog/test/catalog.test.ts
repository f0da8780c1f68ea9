// Catalog in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CatalogContract } from '@mall/contracts/catalog';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import catalogService from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`catalog (${mode})`, () => {
    let deployment: TestDeployment;
    const client = () => deployment.client(CatalogContract);
    before(async () => {
      deployment = await startServices(mode, [catalogService]);
    });
    after(() => deployment.shutdown());

    test('a product is created with a normalised name and read back by id', async () => {
      const created = await client().createProduct({ idempotencyKey: `t-${randomUUID()}`, name: '  first \t product ' });
      assert.equal(created.name, 'first product');
      assert.deepEqual(await client().getProduct({ id: created.id }), created);
    });

    test('a retried create answers the same product and creates no second one', async () => {
      const key = `t-${randomUUID()}`;
      const first = await client().createProduct({ idempotencyKey: key, name: 'retried' });
      const again = await client().createProduct({ idempotencyKey: key, name: 'retried' });
      assert.equal(again.id, first.id);
    });

    test('a blank name is refused with VALIDATION_FAILED', async () => {
      await expectFailure(client().createProduct({ idempotencyKey: `t-${randomUUID()}`, name: '   ' }), 'VALIDATION_FAILED');
    });

    test('an unknown id answers NOT_FOUND', async () => {
      await expectFailure(client().getProduct({ id: randomUUID() }), 'NOT_FOUND');
    });
  });
}
