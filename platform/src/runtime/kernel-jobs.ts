// Jobs the kernel runs for every service with a schema, beside the service's own: housekeeping of the
// tables the kernel put there, so no service writes it again.
import type { ServiceDb } from '../db/index.ts';
import { pruneIdempotency } from '../idempotency/index.ts';
import type { Logger } from '../observability/index.ts';
import type { JobSpec } from './jobs.ts';

/** Named with a kernel- prefix, which a service's own job names must not use. */
export function kernelJobs(db: ServiceDb, log: Logger): JobSpec[] {
  return [
    {
      name: 'kernel-prune-idempotency',
      everyMs: 10 * 60_000,
      run: async (signal) => {
        const pruned = await pruneIdempotency(db, { signal });
        if (pruned > 0) log.info({ pruned }, 'old idempotency records pruned');
      },
    },
  ];
}
