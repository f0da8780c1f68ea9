// Payment's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { PaymentContract } from '@mall/contracts/payment';
import type { Handlers } from '@mall/platform/rpc';
import type { Intents } from './intents.ts';
import type { NotificationInbox } from './notifications.ts';
import type { Refunds } from './refunds.ts';

export function paymentHandlers(intents: Intents, refunds: Refunds, inbox: NotificationInbox): Handlers<typeof PaymentContract> {
  return {
    createIntent: (input) => intents.create(input),
    getIntent: ({ intentId }) => intents.get(intentId),
    cancelIntent: ({ orderId }) => intents.cancel(orderId),
    refund: (input) => refunds.refund(input),
    acceptNotification: (input) => inbox.accept(input),
  };
}
