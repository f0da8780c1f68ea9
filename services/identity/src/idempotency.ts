// Makes a create call safe to retry: the first call with a key records its answer in the same
// transaction as its effect; a later call with the key gets that answer back and changes nothing.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import type { Tx } from '@mall/platform/db';
import { idempotency } from './schema.ts';

/** A digest of what was asked, so a key reused for a different request is refused instead of answered wrongly. */
export function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

/**
 * Runs `work` once per (scope, key). A concurrent call with the same key waits on the key's row
 * until the first commits (then replays) or rolls back (then does the work itself).
 */
export async function once<R>(tx: Tx, scope: string, key: string, request: unknown, work: () => Promise<R>): Promise<R> {
  const print = fingerprint(request);
  const claimed = await tx.orm.insert(idempotency).values({ scope, key, fingerprint: print }).onConflictDoNothing().returning({ key: idempotency.key });
  if (claimed.length === 0) {
    const [first] = await tx.orm.select().from(idempotency).where(and(eq(idempotency.scope, scope), eq(idempotency.key, key)));
    if (!first || first.fingerprint !== print || first.result === null) {
      throw new MallError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was already used for a different request');
    }
    return first.result as R;
  }
  const result = await work();
  await tx.orm.update(idempotency).set({ result }).where(and(eq(idempotency.scope, scope), eq(idempotency.key, key)));
  return result;
}
