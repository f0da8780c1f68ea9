// Leaving for the card processor's page and coming back: the processor returns the shopper to /payment/return with
// the intent's id, and this tab remembers which order that intent pays.
const KEY = 'mall.paying';

export function leaveToPay(payment: { intentId: string; payUrl: string }, orderId: string): void {
  const paying = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  paying[payment.intentId] = orderId;
  sessionStorage.setItem(KEY, JSON.stringify(paying));
  window.location.assign(payment.payUrl);
}

/** The order an intent paid, when this tab left to pay it. */
export function orderOfIntent(intentId: string): string | undefined {
  const paying = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  return paying[intentId];
}
