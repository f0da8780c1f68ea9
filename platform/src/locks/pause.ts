// Waiting between attempts: a sleep that an abort (resign, close) cuts short instead of failing,
// because giving up the wait is the expected outcome there, not an error.
import { setTimeout as sleep } from 'node:timers/promises';

export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}

/** Spreads retries of competing waiters apart: between half and all of `ms`. */
export function jittered(ms: number): number {
  return ms / 2 + Math.random() * (ms / 2);
}

/** Resolves when `signal` aborts. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
