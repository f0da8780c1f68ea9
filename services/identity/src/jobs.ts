// Housekeeping of identity's tables: sessions that can no longer be used and signing keys long gone from
// the JWKS, deleted in small batches so no lock lasts (the kernel prunes the idempotency records).
import type { JobSpec } from '@mall/platform/runtime';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';

const BATCH = 1000;

/** Kept a week after revocation or expiry: long enough to answer "why was I logged out?". */
const PRUNE = {
  families: `
    DELETE FROM refresh_families WHERE id IN (
      SELECT f.id FROM refresh_families f
      WHERE (f.revoked_at IS NOT NULL AND f.revoked_at < now() - interval '7 days')
         OR (f.created_at < now() - interval '7 days'
             AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = f.id AND t.expires_at > now() - interval '7 days'))
      LIMIT ${BATCH})
    RETURNING id`,
  signingKeys: `DELETE FROM signing_keys WHERE retired_at < now() - interval '7 days' RETURNING kid`,
} as const;

export type PruneCounts = Record<keyof typeof PRUNE, number>;

/** One pass over every table, one batch each; the job runs again soon enough to finish a backlog. */
export async function pruneExpired(db: ServiceDb): Promise<PruneCounts> {
  const counts = { families: 0, signingKeys: 0 };
  for (const name of Object.keys(PRUNE) as Array<keyof typeof PRUNE>) counts[name] = (await db.query(PRUNE[name])).length;
  return counts;
}

export function pruneJob(db: ServiceDb, log: Logger): JobSpec {
  return {
    name: 'prune-expired',
    everyMs: 10 * 60_000,
    run: async () => {
      const counts = await pruneExpired(db);
      if (Object.values(counts).some((n) => n > 0)) log.info(counts, 'expired identity records pruned');
    },
  };
}
