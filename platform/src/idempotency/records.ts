// The idempotency table's life: created in a service's schema by the runtime (after the service's own
// migrations), and pruned by a kernel job once no client retries any more.
import { fileURLToPath } from 'node:url';
import type { ServiceDb } from '../db/index.ts';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/** Rows per DELETE: small enough that no statement holds its locks for long. */
const BATCH = 1000;

/** A client retries within seconds or minutes; a day is generous. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** Creates the table in the service's schema (once, tracked as idempotency_* migrations); a table identity made earlier is kept. */
export async function migrateIdempotency(db: ServiceDb): Promise<string[]> {
  return (await db.migrate(MIGRATIONS)).applied;
}

export interface PruneOptions {
  /** Records older than this are deleted; default IDEMPOTENCY_RETENTION_HOURS. */
  olderThanHours?: number;
  /** Stops between batches when aborted (the job runner aborts at shutdown). */
  signal?: AbortSignal;
}

/** Deletes old records batch after batch, each its own statement, until a batch comes back short; returns how many went. */
export async function pruneIdempotency(db: ServiceDb, opts: PruneOptions = {}): Promise<number> {
  const hours = opts.olderThanHours ?? IDEMPOTENCY_RETENTION_HOURS;
  let pruned = 0;
  for (;;) {
    const rows = await db.query(
      `DELETE FROM idempotency WHERE (scope, key) IN (
         SELECT scope, key FROM idempotency WHERE created_at < now() - $1::float8 * interval '1 hour' LIMIT ${BATCH})
       RETURNING key`,
      [hours],
    );
    pruned += rows.length;
    if (rows.length < BATCH || opts.signal?.aborted) return pruned;
  }
}
