// What the order service needs of cart and payment, as the purchase flow's shared interface names it (the preamble of
// issue 13). Their contracts' clients satisfy these types; naming only what checkout uses keeps the seam narrow.
import type { Static } from 'typebox';
import type { Money } from '@mall/contracts';

type MoneyValue = Static<typeof Money>;

export interface CartPort {
  /** The member cart's selected lines: what a checkout buys. */
  checkoutLines(input: { buyerId: string }): Promise<{ lines: Array<{ skuId: string; quantity: number }> }>;
}

export interface PaymentIntent {
  intentId: string;
  status: string;
  payUrl: string;
  amount: MoneyValue;
}

export interface PaymentPort {
  /** Idempotent by orderId: the same order always gets the same intent. */
  createIntent(input: { orderId: string; buyerId: string; amount: MoneyValue; expiresAt: string }): Promise<PaymentIntent>;
  /** pending → cancelled; idempotent. */
  cancelIntent(input: { orderId: string }): Promise<unknown>;
  /** Refunds a succeeded intent; idempotent by key. */
  refund(input: { orderId: string; idempotencyKey: string; reason: string }): Promise<unknown>;
}
