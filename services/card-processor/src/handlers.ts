// The card processor's RPC handlers: each reads its input and hands it to the charges.
import type { CardProcessorContract } from '@mall/contracts/card-processor';
import type { Handlers } from '@mall/platform/rpc';
import type { Charges } from './charges.ts';

export function cardProcessorHandlers(charges: Charges): Handlers<typeof CardProcessorContract> {
  return {
    payPage: ({ intentId }) => charges.payPage(intentId),
    pay: (input) => charges.pay(input),
    chargeStatus: ({ intentId }) => charges.status(intentId),
    refundCharge: (input) => charges.refund(input),
  };
}
