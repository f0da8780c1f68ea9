// The payment intent's state machine, without I/O: what a cancel, a charge's outcome and a refund do to an intent
// in each status. The repository locks the intent's row and applies what these answer, so each effect happens once.

export type IntentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'refunded';
export type ChargeOutcome = 'succeeded' | 'declined';

/**
 * cancel: a pending intent becomes cancelled. unchanged: nothing to cancel any more (already cancelled, failed or
 * refunded), answered as it is so that the order's compensation can be retried. refuse: the money is in; the
 * order must refund instead.
 */
export function decideCancel(status: IntentStatus): 'cancel' | 'unchanged' | 'refuse' {
  if (status === 'pending') return 'cancel';
  if (status === 'succeeded') return 'refuse';
  return 'unchanged';
}

/**
 * succeed / fail: the first outcome of a pending intent settles it. refund-late-charge: the shopper paid an intent
 * that was cancelled meanwhile (the order timed out with the pay page open); the money is not ours to keep, so it is
 * refunded. ignore: the intent is already settled, and this outcome is a repeat (a retried notification, or the
 * reconciliation job and the notification racing), so it has no effect.
 */
export type OutcomeDecision = 'succeed' | 'fail' | 'refund-late-charge' | 'ignore';

export function decideChargeOutcome(status: IntentStatus, outcome: ChargeOutcome): OutcomeDecision {
  if (status === 'pending') return outcome === 'succeeded' ? 'succeed' : 'fail';
  if (outcome === 'succeeded' && (status === 'cancelled' || status === 'failed')) return 'refund-late-charge';
  return 'ignore';
}

/** refund: a succeeded intent gets its one full refund. existing: refunded (or being refunded) already. refuse: nothing was paid. */
export function decideRefund(status: IntentStatus, hasRefund: boolean): 'refund' | 'existing' | 'refuse' {
  if (hasRefund) return 'existing';
  return status === 'succeeded' ? 'refund' : 'refuse';
}

/** Whether the same order asking again names the same payment: a different buyer or amount is another payment. */
export function sameIntent(
  existing: { buyerId: string; amount: number; currency: string },
  asked: { buyerId: string; amount: number; currency: string },
): boolean {
  return existing.buyerId === asked.buyerId && existing.amount === asked.amount && existing.currency === asked.currency;
}
