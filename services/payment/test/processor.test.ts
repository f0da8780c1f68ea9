// The purchase's payment leg in both run modes, as the shopper's browser does it: the processor's pay page through
// the gateway, its card form posted, the processor's signed notification to payment, refunds through the processor,
// and reconciliation of a notification that never came.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CardProcessorContract } from '@mall/contracts/card-processor';
import { PaymentContract } from '@mall/contracts/payment';
import { Browser, startServices, type TestDeployment } from '@mall/platform/testkit';
import cardProcessorService from '../../card-processor/src/service.ts';
import gatewayService from '../../gateway/src/service.ts';
import paymentService from '../src/service.ts';
import { newIntentInput, observer, sleep, waitFor, type HeardEvent } from './harness.ts';

process.env.MALL_CARDPROCESSOR_RETRY_BASE_MS ??= '100';
process.env.MALL_CARDPROCESSOR_DELIVERY_EVERY_MS ??= '100';
// A per-address limit the rate-limit test can reach quickly, and the other tests here never.
process.env.MALL_GATEWAY_RATE_LIMITS__PER_IP__POINTS ??= '40';
process.env.MALL_GATEWAY_RATE_LIMITS__PER_IP__DURATION_SECONDS ??= '1';

const GOOD_CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/40', cvv: '123' };

for (const mode of ['real', 'embedded'] as const) {
  describe(`payment with the card processor (${mode})`, () => {
    let deployment: TestDeployment;
    const heard: HeardEvent[] = [];
    const payment = () => deployment.client(PaymentContract);
    const processor = () => deployment.client(CardProcessorContract);
    const eventsOf = (intentId: string, subject: string) => heard.filter((e) => e.intentId === intentId && e.subject === subject);
    const payUrl = (path: string) => new URL(path, deployment.url('gateway')).toString();
    const postForm = (path: string, form: Record<string, string>) =>
      fetch(payUrl(path), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
    const statusOf = async (intentId: string) => (await payment().getIntent({ intentId })).status;

    before(async () => {
      deployment = await startServices(mode, [observer(heard), paymentService, cardProcessorService, gatewayService]);
    });
    after(() => deployment.shutdown());

    test('the pay page at payUrl shows the amount and the card form', async () => {
      const intent = await payment().createIntent(newIntentInput(12_345));
      const page = await fetch(payUrl(intent.payUrl));
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      const html = await page.text();
      assert.match(html, /123\.45 EUR/);
      assert.match(html, new RegExp(`action="/pay/${intent.intentId}"`));
    });

    test('a good card pays the intent: payment.succeeded once, and a second submission charges nothing more', async () => {
      const intent = await payment().createIntent(newIntentInput());
      const answer = await postForm(intent.payUrl, GOOD_CARD);
      assert.equal(answer.status, 200);
      const result = await answer.text();
      assert.match(result, /data-status="succeeded"/);
      // The way back to the shop names the intent, so the storefront returns the shopper to its order.
      assert.match(result, new RegExp(`href="/payment/return\\?intent=${intent.intentId}"`));
      await waitFor(async () => (await statusOf(intent.intentId)) === 'succeeded', 5000, 'the intent paid');
      const again = await postForm(intent.payUrl, { ...GOOD_CARD, cardNumber: '5555555555554444' });
      assert.equal(again.status, 200);
      assert.match(await again.text(), /data-status="succeeded"/);
      await waitFor(() => eventsOf(intent.intentId, 'payment.succeeded').length > 0, 5000, 'payment.succeeded');
      await sleep(300);
      assert.equal(eventsOf(intent.intentId, 'payment.succeeded').length, 1);
    });

    test('a decline card fails the intent and publishes payment.failed', async () => {
      const intent = await payment().createIntent(newIntentInput());
      const answer = await postForm(intent.payUrl, { ...GOOD_CARD, cardNumber: '4000000000009995' });
      assert.match(await answer.text(), /data-status="declined"/);
      await waitFor(async () => (await statusOf(intent.intentId)) === 'failed', 5000, 'the intent failed');
      assert.equal((await payment().getIntent({ intentId: intent.intentId })).failureReason, 'insufficient funds');
      await waitFor(() => eventsOf(intent.intentId, 'payment.failed').length === 1, 5000, 'payment.failed');
    });

    test('a bad card number, expiry or CVV answers a 400 page with its code and charges nothing', async () => {
      const intent = await payment().createIntent(newIntentInput());
      const cases: [Record<string, string>, string][] = [
        [{ ...GOOD_CARD, cardNumber: '4242 4242 4242 4241' }, 'CARD_NUMBER_INVALID'],
        [{ ...GOOD_CARD, cardNumber: '42424242' }, 'CARD_NUMBER_INVALID'],
        [{ ...GOOD_CARD, cardNumber: 'abcd abcd abcd abcd' }, 'CARD_NUMBER_INVALID'],
        [{ ...GOOD_CARD, expiry: '13/40' }, 'EXPIRY_INVALID'],
        [{ ...GOOD_CARD, expiry: '1240' }, 'EXPIRY_INVALID'],
        [{ ...GOOD_CARD, expiry: '01/20' }, 'CARD_EXPIRED'],
        [{ ...GOOD_CARD, cvv: '12' }, 'CVV_INVALID'],
        [{ ...GOOD_CARD, cvv: '12a' }, 'CVV_INVALID'],
      ];
      for (const [form, code] of cases) {
        const answer = await postForm(intent.payUrl, form);
        assert.equal(answer.status, 400, `${JSON.stringify(form)}`);
        assert.equal(answer.headers.get('x-payment-code'), code);
        assert.match(await answer.text(), new RegExp(`data-code="${code}"`));
      }
      assert.equal((await processor().chargeStatus({ intentId: intent.intentId })).status, 'none');
      assert.equal(await statusOf(intent.intentId), 'pending');
    });

    test('bad requests to the pay routes are 4xx with a code', async () => {
      const intent = await payment().createIntent(newIntentInput());
      const notUuid = await fetch(payUrl('/pay/not-a-uuid'));
      assert.equal(notUuid.status, 400);
      assert.equal(((await notUuid.json()) as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
      const missing = await postForm(intent.payUrl, { cardNumber: GOOD_CARD.cardNumber });
      assert.equal(missing.status, 400);
      const unknownField = await postForm(intent.payUrl, { ...GOOD_CARD, amount: '1' });
      assert.equal(unknownField.status, 400);
      const tooLong = await postForm(intent.payUrl, { ...GOOD_CARD, cardNumber: '4'.repeat(41) });
      assert.equal(tooLong.status, 400);
      const json = await fetch(payUrl(intent.payUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(GOOD_CARD),
      });
      assert.equal(json.status, 200, 'a JSON body is accepted as the same form');
      const unknownIntent = await fetch(payUrl(`/pay/${randomUUID()}`));
      assert.equal(unknownIntent.status, 404);
      assert.equal(unknownIntent.headers.get('x-payment-code'), 'NOT_FOUND');
      const payUnknown = await postForm(`/pay/${randomUUID()}`, GOOD_CARD);
      assert.equal(payUnknown.status, 404);
    });

    test('a charge that arrives for a cancelled intent is refunded: payment.refunded, never payment.succeeded', async () => {
      const input = newIntentInput();
      const intent = await payment().createIntent(input);
      await payment().cancelIntent({ orderId: input.orderId });
      const answer = await postForm(intent.payUrl, GOOD_CARD);
      assert.equal(answer.status, 200);
      await waitFor(async () => (await statusOf(intent.intentId)) === 'refunded', 5000, 'the late charge refunded');
      await waitFor(() => eventsOf(intent.intentId, 'payment.refunded').length > 0, 5000, 'payment.refunded');
      await sleep(300);
      assert.equal(eventsOf(intent.intentId, 'payment.refunded').length, 1);
      assert.equal(eventsOf(intent.intentId, 'payment.succeeded').length, 0);
    });

    test('a paid intent is refunded once: a retry answers the same refund, and payment.refunded is published once', async () => {
      const input = newIntentInput();
      const intent = await payment().createIntent(input);
      await postForm(intent.payUrl, GOOD_CARD);
      await waitFor(async () => (await statusOf(intent.intentId)) === 'succeeded', 5000, 'the intent paid');
      const key = `refund-${randomUUID()}`;
      const refund = await payment().refund({ orderId: input.orderId, idempotencyKey: key, reason: 'damaged in transit' });
      assert.equal(refund.status, 'succeeded');
      assert.deepEqual(refund.amount, input.amount);
      assert.deepEqual(await payment().refund({ orderId: input.orderId, idempotencyKey: key, reason: 'damaged in transit' }), refund);
      assert.equal(await statusOf(intent.intentId), 'refunded');
      await waitFor(() => eventsOf(intent.intentId, 'payment.refunded').length > 0, 5000, 'payment.refunded');
      await sleep(300);
      assert.equal(eventsOf(intent.intentId, 'payment.refunded').length, 1);
    });

    test('two submissions at once charge once', async () => {
      const intent = await payment().createIntent(newIntentInput());
      const answers = await Promise.all([postForm(intent.payUrl, GOOD_CARD), postForm(intent.payUrl, GOOD_CARD)]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
      );
      await waitFor(() => eventsOf(intent.intentId, 'payment.succeeded').length > 0, 5000, 'payment.succeeded');
      await sleep(300);
      assert.equal(eventsOf(intent.intentId, 'payment.succeeded').length, 1);
    });

    test('two refunds at once, with different keys, make one refund', async () => {
      const input = newIntentInput();
      const intent = await payment().createIntent(input);
      await postForm(intent.payUrl, GOOD_CARD);
      await waitFor(async () => (await statusOf(intent.intentId)) === 'succeeded', 5000, 'the intent paid');
      const ask = () => payment().refund({ orderId: input.orderId, idempotencyKey: `refund-${randomUUID()}`, reason: 'returned' });
      const [a, b] = await Promise.all([ask(), ask()]);
      assert.equal(a.refundId, b.refundId);
      await waitFor(() => eventsOf(intent.intentId, 'payment.refunded').length > 0, 5000, 'payment.refunded');
      await sleep(300);
      assert.equal(eventsOf(intent.intentId, 'payment.refunded').length, 1);
    });

    test('reconciliation cancels an intent past its expiry that the processor never charged', async () => {
      const input = { ...newIntentInput(), expiresAt: new Date(Date.now() - 1000).toISOString() };
      const intent = await payment().createIntent(input);
      await waitFor(async () => (await statusOf(intent.intentId)) === 'cancelled', 8000, 'the expired intent cancelled');
      const page = await fetch(payUrl(intent.payUrl));
      assert.equal(page.status, 409);
      assert.equal(page.headers.get('x-payment-code'), 'INTENT_NOT_PAYABLE');
    });

    test('the pay routes are rate-limited per address like the /api routes: 429 with Retry-After', async () => {
      // An address of its own, so that its count is nobody else's; refused before validation, so a bad id costs nothing.
      const browser = new Browser(deployment.url('gateway'));
      try {
        const answers = await Promise.all(Array.from({ length: 150 }, () => browser.call('GET', '/pay/not-a-uuid')));
        const limited = answers.filter((a) => a.status === 429);
        assert.ok(limited.length > 0, `statuses: ${[...new Set(answers.map((a) => a.status))].join(', ')}`);
        assert.match(String(limited[0]!.headers['retry-after']), /^[1-9][0-9]*$/);
        assert.ok(answers.every((a) => a.status === 429 || a.status === 400));
      } finally {
        await browser.close();
      }
    });

    test('reconciliation settles an intent whose notification was lost, by asking the processor', async () => {
      const intent = await payment().createIntent(newIntentInput());
      // The documented card whose charge succeeds but whose notification is never sent.
      const answer = await postForm(intent.payUrl, { ...GOOD_CARD, cardNumber: '4000 0000 0000 0259' });
      assert.match(await answer.text(), /data-status="succeeded"/);
      assert.equal(await statusOf(intent.intentId), 'pending');
      await waitFor(async () => (await statusOf(intent.intentId)) === 'succeeded', 8000, 'reconciliation');
      await waitFor(() => eventsOf(intent.intentId, 'payment.succeeded').length === 1, 5000, 'payment.succeeded');
    });
  });
}
