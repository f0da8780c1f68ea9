// Order's scheduled work: cancelling unpaid orders past expiresAt, carrying out the calls that follow an order's
// changes (order-tasks.ts), resuming or compensating sagas whose runner is gone, and pruning what finished checkouts
// leave (housekeeping.ts). All are singleton jobs (one instance at a time); the timeout's rows are also taken FOR UPDATE
// SKIP LOCKED and each saga by its lease, so even two runs at once never act twice.
import type { Logger } from '@mall/platform/observability';
import type { JobSpec } from '@mall/platform/runtime';
import type { ServiceDb } from '@mall/platform/db';
import type { CheckoutState } from './checkout/saga.ts';
import { pruneCheckoutLeftovers, type PruneSettings } from './housekeeping.ts';
import type { OrderMoves } from './order-moves.ts';
import type { OrderTasks } from './order-tasks.ts';
import type { SagaRunner } from './saga/saga-runner.ts';
import type { SagaDefinition } from './saga/steps.ts';

export function cancelUnpaidOrdersJob(moves: OrderMoves, settings: () => { everyMs: number; batchSize: number }, log: Logger): JobSpec {
  return {
    name: 'cancel-unpaid-orders',
    everyMs: settings().everyMs,
    run: async () => {
      const cancelled = await moves.cancelExpired(settings().batchSize);
      if (cancelled > 0) log.info({ cancelled }, 'unpaid orders cancelled at their expiry');
    },
  };
}

export function recoverSagasJob(runner: SagaRunner, saga: SagaDefinition<CheckoutState>, everyMs: number, log: Logger): JobSpec {
  return {
    name: 'recover-sagas',
    everyMs,
    run: async () => {
      const finished = await runner.recover([saga], 50);
      if (finished > 0) log.info({ finished }, 'sagas cut short were finished');
    },
  };
}

export function runOrderTasksJob(tasks: OrderTasks, everyMs: number): JobSpec {
  return { name: 'run-order-tasks', everyMs, run: async () => void (await tasks.runDue(100)) };
}

export function pruneCheckoutLeftoversJob(db: ServiceDb, everyMs: number, settings: () => PruneSettings, log: Logger): JobSpec {
  return {
    name: 'prune-checkout-leftovers',
    everyMs,
    run: async () => {
      const pruned = await pruneCheckoutLeftovers(db, settings());
      if (pruned.tokens + pruned.sagas > 0) log.info(pruned, 'old submit tokens and finished sagas pruned');
    },
  };
}
