// When the processor tries a notification again: exponential backoff from `baseMs`, capped at `capMs`, with jitter so
// that notifications that failed together (the merchant was down) do not all come back at the same instant.

export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** The wait after the `attempts`-th failed attempt (1-based); `random` in [0, 1) spreads it over 75–100 %. */
export function retryDelayMs(attempts: number, backoff: Backoff, random: number): number {
  const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(exponential * (0.75 + 0.25 * random));
}

/** Whether to stop after this many failed attempts (the merchant's reconciliation takes over). */
export function shouldAbandon(attempts: number, maxAttempts: number): boolean {
  return attempts >= maxAttempts;
}
