// The processor's notifications survive refusals and restarts (real servers): a processor whose secret is wrong is
// refused by payment and keeps its notification, retrying with backoff; restarted with the right secret, it delivers
// the same notification and the intent is paid — once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CardProcessorContract } from '@mall/contracts/card-processor';
import { PaymentContract } from '@mall/contracts/payment';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, startInstance, type Connection } from '@mall/platform/testkit';
import cardProcessorService from '../../card-processor/src/service.ts';
import paymentService from '../src/service.ts';

// Reconciliation must not settle the intent in this test: only the notification may.
process.env.MALL_PAYMENT_RECONCILE_AFTER_MS = '600000';
process.env.MALL_CARDPROCESSOR_RETRY_BASE_MS = '100';
process.env.MALL_CARDPROCESSOR_RETRY_CAP_MS = '400';
process.env.MALL_CARDPROCESSOR_DELIVERY_EVERY_MS = '50';

let payment: RunningInstance;
let paymentConnection: Connection<typeof PaymentContract>;
const running: RunningInstance[] = [];

async function startProcessor(
  secret?: string,
): Promise<{ instance: RunningInstance; connection: Connection<typeof CardProcessorContract> }> {
  if (secret) process.env.MALL_CARDPROCESSOR_NOTIFICATION_SECRET = secret;
  try {
    const instance = await startInstance(cardProcessorService);
    running.push(instance);
    return { instance, connection: await connect(CardProcessorContract, [instance.url]) };
  } finally {
    delete process.env.MALL_CARDPROCESSOR_NOTIFICATION_SECRET;
  }
}

before(async () => {
  payment = await startInstance(paymentService);
  paymentConnection = await connect(PaymentContract, [payment.url]);
});
after(async () => {
  await paymentConnection.close();
  for (const instance of running) await instance.shutdown('test over').catch(() => undefined);
  await payment.shutdown('test over');
});

test('a refused notification is retried with backoff, kept across a restart, and applied once when accepted', async () => {
  const client = paymentConnection.client;
  const input = {
    orderId: randomUUID(),
    buyerId: randomUUID(),
    amount: { amount: 4200, currency: 'CNY' },
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
  };
  const intent = await client.createIntent(input);

  const forger = await startProcessor('not-the-secret-payment-knows');
  const page = await forger.connection.client.pay({
    intentId: intent.intentId,
    form: { cardNumber: '4242424242424242', expiry: '12/40', cvv: '123' },
  });
  assert.equal(page.httpStatus, 200);
  // Several attempts, each refused: the intent stays pending.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await client.getIntent({ intentId: intent.intentId })).status, 'pending');
  await forger.connection.close();
  await forger.instance.shutdown('restart with the right secret');

  const fixed = await startProcessor();
  const deadline = Date.now() + 8000;
  while ((await client.getIntent({ intentId: intent.intentId })).status !== 'succeeded') {
    assert.ok(Date.now() < deadline, 'the kept notification was delivered after the restart');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const status = await fixed.connection.client.chargeStatus({ intentId: intent.intentId });
  assert.equal(status.status, 'succeeded');
  await fixed.connection.close();
});
