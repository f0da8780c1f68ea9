// When a mail that failed to send is tried again, without I/O: exponential backoff, capped, and a last attempt.

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: base, 2×base, 4×base… at most max. */
export function retryDelayMs(attempts: number, policy: { baseMs: number; maxMs: number }): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** Whether a mail that has failed `attempts` times is given up as failed rather than tried again. */
export function givesUp(attempts: number, maxAttempts: number): boolean {
  return attempts >= maxAttempts;
}
