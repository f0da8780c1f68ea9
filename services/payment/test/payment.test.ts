// Payment in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the all-in-one
// host on PGlite, through the same typed client. The processor's notifications are signed here as it signs them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PaymentContract } from '@mall/contracts/payment';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import { notificationSignature } from '../src/domain/signature.ts';
import paymentService from '../src/service.ts';
import { eur, newIntentInput, SECRET, observer, signedNotification, sleep, waitFor, type HeardEvent } from './harness.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(`payment (${mode})`, () => {
    let deployment: TestDeployment;
    const heard: HeardEvent[] = [];
    const client = () => deployment.client(PaymentContract);
    const eventsOf = (intentId: string, subject: string) => heard.filter((e) => e.intentId === intentId && e.subject === subject);
    before(async () => {
      deployment = await startServices(mode, [observer(heard), paymentService]);
    });
    after(() => deployment.shutdown());

    test('an order gets one intent: the same order answers the same intent, with the pay page as payUrl', async () => {
      const input = newIntentInput();
      const created = await client().createIntent(input);
      assert.equal(created.status, 'pending');
      assert.deepEqual(created.amount, input.amount);
      assert.equal(created.payUrl, `/pay/${created.intentId}`);
      assert.deepEqual(await client().createIntent(input), created);
      assert.deepEqual(await client().getIntent({ intentId: created.intentId }), created);
    });

    test('the same order with another amount or buyer is INTENT_MISMATCH', async () => {
      const input = newIntentInput(500);
      await client().createIntent(input);
      await expectFailure(client().createIntent({ ...input, amount: eur(501) }), 'INTENT_MISMATCH', 409);
      await expectFailure(client().createIntent({ ...input, buyerId: randomUUID() }), 'INTENT_MISMATCH', 409);
    });

    test('bad input is refused with a 4xx code and creates nothing', async () => {
      const input = newIntentInput();
      await expectFailure(client().createIntent({ ...input, amount: eur(0) }), 'INVALID_AMOUNT', 400);
      const wrongType = { ...input, amount: { amount: '12', currency: 'EUR' } } as never;
      await expectFailure(client().createIntent(wrongType), 'VALIDATION_FAILED', 400);
      await expectFailure(client().createIntent({ ...input, amount: { amount: 1.5, currency: 'EUR' } }), 'VALIDATION_FAILED', 400);
      await expectFailure(client().createIntent({ ...input, amount: { amount: 1, currency: 'eur' } }), 'VALIDATION_FAILED', 400);
      await expectFailure(client().createIntent({ ...input, orderId: 'not-a-uuid' }), 'VALIDATION_FAILED', 400);
      await expectFailure(client().cancelIntent({ orderId: input.orderId }), 'NOT_FOUND', 404);
      await expectFailure(client().getIntent({ intentId: randomUUID() }), 'NOT_FOUND', 404);
      await expectFailure(client().refund({ orderId: input.orderId, idempotencyKey: 'short', reason: 'x' }), 'VALIDATION_FAILED', 400);
      await expectFailure(
        client().refund({ orderId: input.orderId, idempotencyKey: `k-${randomUUID()}`, reason: '' }),
        'VALIDATION_FAILED',
        400,
      );
      await expectFailure(client().acceptNotification({ timestamp: 1, signature: 'xyz', body: '{}' }), 'VALIDATION_FAILED', 400);
    });

    test('a pending intent is cancelled, and cancelling again answers the same', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const cancelled = await client().cancelIntent({ orderId: input.orderId });
      assert.equal(cancelled.status, 'cancelled');
      assert.deepEqual(await client().cancelIntent({ orderId: input.orderId }), cancelled);
      assert.equal((await client().getIntent({ intentId })).status, 'cancelled');
    });

    test('a pending intent is not refunded: INTENT_NOT_SUCCEEDED', async () => {
      const input = newIntentInput();
      await client().createIntent(input);
      await expectFailure(
        client().refund({ orderId: input.orderId, idempotencyKey: `k-${randomUUID()}`, reason: 'changed my mind' }),
        'INTENT_NOT_SUCCEEDED',
        409,
      );
    });

    test('a notification delivered three times has one effect and publishes payment.succeeded once', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const notification = signedNotification({ intentId, amount: input.amount });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await client().acceptNotification(notification));
      assert.deepEqual(
        answers.map((a) => a.duplicate),
        [false, true, true],
      );
      assert.equal((await client().getIntent({ intentId })).status, 'succeeded');
      await waitFor(() => eventsOf(intentId, 'payment.succeeded').length > 0, 5000, 'payment.succeeded');
      await sleep(300);
      assert.equal(eventsOf(intentId, 'payment.succeeded').length, 1);
    });

    test('a second notification of the same charge with another id changes nothing', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const chargeId = randomUUID();
      await client().acceptNotification(signedNotification({ intentId, chargeId, amount: input.amount }));
      const again = await client().acceptNotification(signedNotification({ intentId, chargeId, amount: input.amount }));
      assert.equal(again.duplicate, false);
      await waitFor(() => eventsOf(intentId, 'payment.succeeded').length > 0, 5000, 'payment.succeeded');
      await sleep(300);
      assert.equal(eventsOf(intentId, 'payment.succeeded').length, 1);
    });

    test('a forged signature is refused and nothing changes', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const forged = signedNotification({ intentId, amount: input.amount }, { secret: 'not-the-processor-secret' });
      await expectFailure(client().acceptNotification(forged), 'SIGNATURE_INVALID', 401);
      const genuine = signedNotification({ intentId, amount: input.amount });
      const tampered = { ...genuine, body: genuine.body.replace(`"amount":${input.amount.amount}`, '"amount":1') };
      await expectFailure(client().acceptNotification(tampered), 'SIGNATURE_INVALID', 401);
      assert.equal((await client().getIntent({ intentId })).status, 'pending');
    });

    test('a stale timestamp is refused, genuine signature or not', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const stale = signedNotification({ intentId, amount: input.amount }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
      await expectFailure(client().acceptNotification(stale), 'NOTIFICATION_STALE', 401);
      const future = signedNotification({ intentId, amount: input.amount }, { timestamp: Math.floor(Date.now() / 1000) + 301 });
      await expectFailure(client().acceptNotification(future), 'NOTIFICATION_STALE', 401);
      assert.equal((await client().getIntent({ intentId })).status, 'pending');
    });

    test('a charge of another amount or currency is refused and nothing changes', async () => {
      const input = newIntentInput(1000);
      const { intentId } = await client().createIntent(input);
      await expectFailure(client().acceptNotification(signedNotification({ intentId, amount: eur(999) })), 'NOTIFICATION_MISMATCH', 409);
      const yuan = { amount: 1000, currency: 'CNY' };
      const notification = signedNotification({ intentId, amount: yuan });
      await expectFailure(client().acceptNotification(notification), 'NOTIFICATION_MISMATCH', 409);
      assert.equal((await client().getIntent({ intentId })).status, 'pending');
    });

    test('a notification of an unknown intent, or a signed body that is not a notification, is refused', async () => {
      await expectFailure(client().acceptNotification(signedNotification({ intentId: randomUUID(), amount: eur(1) })), 'NOT_FOUND', 404);
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      const { body } = signedNotification({ intentId, amount: input.amount });
      const notANotification = JSON.stringify({ ...(JSON.parse(body) as object), kind: 'charge.maybe' });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = notificationSignature(SECRET, timestamp, notANotification);
      await expectFailure(client().acceptNotification({ timestamp, signature, body: notANotification }), 'VALIDATION_FAILED', 400);
      assert.equal((await client().getIntent({ intentId })).status, 'pending');
    });

    test('a declined charge fails the intent and publishes payment.failed', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      await client().acceptNotification(
        signedNotification({ intentId, amount: input.amount, kind: 'charge.declined', declineReason: 'insufficient funds' }),
      );
      const failed = await client().getIntent({ intentId });
      assert.equal(failed.status, 'failed');
      assert.equal(failed.failureReason, 'insufficient funds');
      await waitFor(() => eventsOf(intentId, 'payment.failed').length === 1, 5000, 'payment.failed');
    });

    test('a paid intent cannot be cancelled: INTENT_SUCCEEDED', async () => {
      const input = newIntentInput();
      const { intentId } = await client().createIntent(input);
      await client().acceptNotification(signedNotification({ intentId, amount: input.amount }));
      await expectFailure(client().cancelIntent({ orderId: input.orderId }), 'INTENT_SUCCEEDED', 409);
    });
  });
}
