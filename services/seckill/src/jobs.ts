// Seckill's scheduled work: tickets left queued (a batch lost with its instance, the order service away) go round
// the batcher again; each ticket's order is idempotent by the ticket id, so a second round never makes a second order.
import type { Logger } from '@mall/platform/observability';
import type { JobSpec } from '@mall/platform/runtime';
import type { OrderBatcher } from './order-batcher.ts';

export function requeueStaleTicketsJob(
  batcher: OrderBatcher,
  settings: () => { everyMs: number; olderThanMs: number },
  log: Logger,
): JobSpec {
  return {
    name: 'requeue-stale-tickets',
    everyMs: settings().everyMs,
    run: async () => {
      const requeued = await batcher.requeueStale(settings().olderThanMs, 1000);
      if (requeued > 0) log.info({ requeued }, 'queued flash-sale tickets sent round the batcher again');
    },
  };
}
