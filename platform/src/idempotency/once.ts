// Makes a mutating call safe to retry: the first call with a key records its answer in the same transaction
// as its effect; a later call with the key gets that answer back and changes nothing.
import { createHash } from 'node:crypto';
import { MallError } from '@mall/contracts';
import type { Tx } from '../db/index.ts';

export interface IdempotentRequest {
  /** What the key is unique within: a method, or a method and its owner (`address:<userId>`), so two callers' keys never meet. */
  scope: string;
  /** The caller's idempotency key. */
  key: string;
  /** What was asked (leave secrets out: only its digest is kept); the same key with a different request is refused. */
  request: unknown;
}

/** A digest of what was asked, so a key reused for a different request is refused instead of answered wrongly. */
export function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

/**
 * Runs `work` once per (scope, key) inside the caller's transaction `tx` and records its result there, so the
 * record commits or rolls back with the effect. A replay answers the recorded result as JSON (dates come back as
 * strings) — `work` must return a JSON value other than null. A concurrent call with the same key waits on the
 * key's row until the first commits (then replays) or rolls back (then does the work itself). A key reused for a
 * different request throws IDEMPOTENCY_KEY_REUSED (409), which the method's contract declares.
 */
export async function once<R>(tx: Tx, { scope, key, request }: IdempotentRequest, work: () => Promise<R>): Promise<R> {
  const print = fingerprint(request);
  const claimed = await tx.query(
    'INSERT INTO idempotency (scope, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [scope, key, print],
  );
  if (claimed.length === 0) {
    const [first] = await tx.query<{ fingerprint: string; result: unknown }>(
      'SELECT fingerprint, result FROM idempotency WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (!first || first.fingerprint !== print || first.result === null) {
      throw new MallError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was already used for a different request');
    }
    return first.result as R;
  }
  const result = await work();
  await tx.query('UPDATE idempotency SET result = $3::jsonb WHERE scope = $1 AND key = $2', [scope, key, JSON.stringify(result)]);
  return result;
}
