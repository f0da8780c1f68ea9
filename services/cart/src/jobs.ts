// Cart's scheduled work: guest carts nobody touched for guestCartTtlDays are deleted (a member's cart is kept). A
// singleton job, so one instance sweeps at a time; each sweep deletes a bounded batch.
import type { Logger } from '@mall/platform/observability';
import type { JobSpec } from '@mall/platform/runtime';
import type { CartLines } from './lines.ts';

const SWEEP_BATCH = 1000;
const DAY_MS = 86_400_000;

export function sweepAbandonedGuestCartsJob(lines: CartLines, settings: () => { everyMs: number; ttlDays: number }, log: Logger): JobSpec {
  return {
    name: 'sweep-abandoned-guest-carts',
    everyMs: settings().everyMs,
    run: async () => {
      const removed = await lines.sweepGuestCarts(new Date(Date.now() - settings().ttlDays * DAY_MS), SWEEP_BATCH);
      if (removed > 0) log.info({ removed }, 'abandoned guest cart lines deleted');
    },
  };
}
