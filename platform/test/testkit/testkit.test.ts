// The test kit itself: one small service started in each run mode and called through the same typed client,
// its declared failures read with expectFailure, and an edge answer checked with expectErrorAnswer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from 'typebox';
import { defineContract, MallError } from '@mall/contracts';
import { defineService } from '../../src/runtime/index.ts';
import {
  expectErrorAnswer,
  expectFailure,
  failureOf,
  startServices,
  uniqueName,
  type TestDeployment,
  type TestMode,
} from '../../src/testkit/index.ts';

const CounterContract = defineContract('kitcounter', {
  add: {
    input: Type.Object({ a: Type.Integer(), b: Type.Integer() }, { additionalProperties: false }),
    output: Type.Object({ sum: Type.Integer(), mode: Type.String() }),
    errors: { TOO_BIG: 422 },
    idempotent: true,
    summary: 'Adds two integers below 100.',
  },
});

const counter = defineService({
  name: 'kitcounter',
  contract: CounterContract,
  handlers: (ctx) => ({
    add: async ({ a, b }) => {
      if (a + b >= 100) throw new MallError('TOO_BIG', 'the sum is 100 or more');
      return { sum: a + b, mode: ctx.mode };
    },
  }),
});

for (const mode of ['embedded', 'real'] as TestMode[]) {
  describe(`testkit: a service started ${mode}`, () => {
    let deployment: TestDeployment;
    before(async () => {
      deployment = await startServices(mode, [counter]);
    });
    after(() => deployment.shutdown());

    test('answers through the typed client, in the mode asked for', async () => {
      assert.deepEqual(await deployment.client(CounterContract).add({ a: 2, b: 3 }), { sum: 5, mode });
    });

    test("its declared failure is read with its code and status, and bad input as the kernel's VALIDATION_FAILED", async () => {
      const client = deployment.client(CounterContract);
      const err = await expectFailure(client.add({ a: 60, b: 40 }), 'TOO_BIG', 422);
      assert.equal(err.message, 'the sum is 100 or more');
      await expectFailure(client.add({ a: 1, b: 'two' } as never), 'VALIDATION_FAILED', 400);
    });

    test('serves HTTP at its url', async () => {
      const res = await fetch(`${deployment.url('kitcounter')}/healthz`);
      assert.equal(res.status, 200);
    });
  });
}

describe('testkit: reading failures', () => {
  test('failureOf fails the test when the call succeeds or throws something else than a MallError', async () => {
    await assert.rejects(failureOf(Promise.resolve(1)), /expected the call to fail/);
    await assert.rejects(failureOf(Promise.reject(new Error('plain'))), /not a MallError/);
  });

  test('expectFailure fails on another code', async () => {
    await assert.rejects(expectFailure(Promise.reject(new MallError('NOT_FOUND', 'gone')), 'CONFLICT'), /failed with NOT_FOUND/);
  });

  test('expectErrorAnswer checks the status and the code of an edge answer', () => {
    expectErrorAnswer({ status: 429, body: { error: { code: 'RATE_LIMITED' } } }, 429, 'RATE_LIMITED');
    assert.throws(() => expectErrorAnswer({ status: 200, body: { ok: true } }, 429, 'RATE_LIMITED'));
  });

  test('uniqueName differs on every call', () => {
    assert.notEqual(uniqueName('x'), uniqueName('x'));
  });
});
