// Shared helpers of the bus tests: unique names per run, polling until a condition holds, and
// a recorder of deliveries.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** A subject token no other run uses, so streams, consumers and rows never meet another run's. */
export function uniqueToken(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (data: Uint8Array): string => new TextDecoder().decode(data);
