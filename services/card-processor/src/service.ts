// The simulated card processor: a service of its own (its own process and schema in the cluster, as a real
// processor is another company's system), hosting the pay page the gateway serves at /pay/:intentId, charging test
// cards, and notifying the payment service with signed callbacks that it retries until acknowledged.
import { fileURLToPath } from 'node:url';
import { CardProcessorContract } from '@mall/contracts/card-processor';
import { PaymentContract } from '@mall/contracts/payment';
import { defineService } from '@mall/platform/runtime';
import { Charges } from './charges.ts';
import { CardProcessorConfig } from './config.ts';
import { Deliveries } from './deliveries.ts';
import { cardProcessorHandlers } from './handlers.ts';

export default defineService({
  name: 'cardprocessor',
  contract: CardProcessorContract,
  config: CardProcessorConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  // The merchant: its intents (the amount to charge) and its notification endpoint.
  dependsOn: [PaymentContract],
  setup: (ctx) => {
    const payment = ctx.client(PaymentContract);
    const deliveries = new Deliveries(
      ctx.db,
      payment,
      () => {
        const c = ctx.config.current;
        return {
          secret: c.notificationSecret,
          batchSize: c.deliveryBatchSize,
          maxAttempts: c.maxAttempts,
          baseMs: c.retryBaseMs,
          capMs: c.retryCapMs,
        };
      },
      ctx.log,
    );
    const notifyNow = (id: string): void =>
      void deliveries.deliverOne(id).catch((err: unknown) => ctx.log.warn({ err, notificationId: id }, 'immediate notification failed'));
    return { deliveries, charges: new Charges(ctx.db, payment, notifyNow) };
  },
  handlers: (_ctx, { charges }) => cardProcessorHandlers(charges),
  jobs: (ctx, { deliveries }) => [
    {
      name: 'deliver-notifications',
      everyMs: ctx.config.current.deliveryEveryMs,
      run: async () => {
        await deliveries.deliverDue();
      },
    },
  ],
});
