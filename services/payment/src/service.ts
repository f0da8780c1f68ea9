// The payment service: one payment intent per order, the card processor's signed notifications applied once,
// refunds, and the reconciliation job that settles what the notifications left pending. This file is its only wiring.
import { fileURLToPath } from 'node:url';
import { CardProcessorContract } from '@mall/contracts/card-processor';
import { PaymentContract } from '@mall/contracts/payment';
import { defineService } from '@mall/platform/runtime';
import { PaymentConfig } from './config.ts';
import { paymentHandlers } from './handlers.ts';
import { Intents } from './intents.ts';
import { NotificationInbox } from './notifications.ts';
import { Reconciliation } from './reconciliation.ts';
import { Refunds } from './refunds.ts';

export default defineService({
  name: 'payment',
  contract: PaymentContract,
  config: PaymentConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  // The processor is called for refunds and reconciliation only; it calls back with notifications (acceptNotification).
  dependsOn: [CardProcessorContract],
  setup: (ctx) => {
    const processor = ctx.client(CardProcessorContract);
    const intents = new Intents(ctx.db, ctx.bus, () => ctx.config.current.payBaseUrl);
    const refunds = new Refunds(ctx.db, ctx.bus, processor, ctx.log);
    const inbox = new NotificationInbox(ctx.db, intents, refunds, () => ({
      secret: ctx.config.current.processorSecret,
      toleranceSeconds: ctx.config.current.notificationToleranceSeconds,
    }));
    return { intents, refunds, inbox, reconciliation: new Reconciliation(ctx.db, intents, refunds, processor, ctx.log) };
  },
  handlers: (_ctx, { intents, refunds, inbox }) => paymentHandlers(intents, refunds, inbox),
  jobs: (ctx, { reconciliation }) => [
    {
      name: 'reconcile-payments',
      everyMs: ctx.config.current.reconcileEveryMs,
      run: async () => {
        const { reconcileAfterMs: afterMs, reconcileBatchSize: batchSize } = ctx.config.current;
        const result = await reconciliation.run({ afterMs, batchSize });
        if (result.settled + result.expired + result.refunded > 0) ctx.log.info(result, 'payments reconciled');
      },
    },
  ],
});
