// Order's housekeeping: what checkout leaves behind once it no longer matters. A submit token is kept until
// `retention` past its expiry (till then a retried submit still answers its order), a finished saga (done or
// compensated) until `retention` past its last change and never while a kept token still points at it (a retried
// submit reads the saga's outcome). Deleted in batches, so one run never holds a long transaction.
import type { ServiceDb } from '@mall/platform/db';

export interface PruneSettings {
  retentionSeconds: number;
  batchSize: number;
}

export async function pruneCheckoutLeftovers(
  db: ServiceDb,
  { retentionSeconds, batchSize }: PruneSettings,
): Promise<{ tokens: number; sagas: number }> {
  const tokens = await db.query<{ token: string }>(
    `DELETE FROM submit_tokens WHERE token IN (
       SELECT token FROM submit_tokens WHERE expires_at < now() - $1 * interval '1 second' LIMIT $2)
     RETURNING token`,
    [retentionSeconds, batchSize],
  );
  const sagas = await db.query<{ id: string }>(
    `DELETE FROM sagas WHERE id IN (
       SELECT s.id FROM sagas s
       WHERE s.status IN ('done', 'compensated') AND s.updated_at < now() - $1 * interval '1 second'
         AND NOT EXISTS (SELECT 1 FROM submit_tokens t WHERE t.order_id = s.id)
       LIMIT $2)
     RETURNING id`,
    [retentionSeconds, batchSize],
  );
  return { tokens: tokens.length, sagas: sagas.length };
}
