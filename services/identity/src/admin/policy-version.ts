// The policy version: one counter bumped in the transaction of every change to roles, permissions,
// bans or IP rules, so a gateway learns whether anything changed from one cheap read.
import type { ServiceDb, Tx } from '@mall/platform/db';

/** Bumps the version inside `tx`; the row lock also puts concurrent policy changes in one order. */
export async function bumpPolicyVersion(tx: Tx): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    'UPDATE policy_version SET version = version + 1, changed_at = now() RETURNING version',
  );
  if (!row) throw new Error('the policy_version row is missing (migration 002 not applied?)');
  return row.version;
}

export async function currentPolicyVersion(db: ServiceDb | Tx): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version FROM policy_version');
  if (!row) throw new Error('the policy_version row is missing (migration 002 not applied?)');
  return row.version;
}
