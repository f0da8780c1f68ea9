// The seckill service: flash-sale sessions (back office: create, edit, publish, close), the storefront's sessions,
// the grab (token, one atomic KV decision, a ticket), and orders created from the tickets in batches. Its only wiring.
import { fileURLToPath } from 'node:url';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { OrderContract } from '@mall/contracts/order';
import { SeckillContract } from '@mall/contracts/seckill';
import { defineService } from '@mall/platform/runtime';
import { SeckillConfig } from './config.ts';
import { seckillConsumers } from './consumers.ts';
import { seedDemoSessions } from './demo.ts';
import { Grabs } from './grab.ts';
import { seckillHandlers } from './handlers.ts';
import { requeueStaleTicketsJob } from './jobs.ts';
import { OrderBatcher } from './order-batcher.ts';
import { Sessions } from './sessions.ts';

export default defineService({
  name: 'seckill',
  contract: SeckillContract,
  config: SeckillConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  dependsOn: [InventoryContract, OrderContract, CatalogContract],
  setup: (ctx) => {
    const config = () => ctx.config.current;
    return {
      sessions: new Sessions(ctx.db, ctx.kv, ctx.client(InventoryContract)),
      grabs: new Grabs(ctx.db, ctx.kv, ctx.bus, () => config()),
      batcher: new OrderBatcher({
        db: ctx.db,
        kv: ctx.kv,
        order: ctx.client(OrderContract),
        log: ctx.log,
        settings: () => ({
          batchSize: config().orderBatchSize,
          batchMs: config().orderBatchMs,
          concurrency: config().orderConcurrency,
          paymentWindowSeconds: config().paymentWindowSeconds,
        }),
      }),
    };
  },
  handlers: (_ctx, { sessions, grabs }) => seckillHandlers(sessions, grabs),
  start: async (ctx, { sessions }) => {
    if (!ctx.config.current.demoSessions) return;
    // A demo is a convenience: a failure to seed it is logged, never a reason for the mall not to start.
    await seedDemoSessions({ db: ctx.db, sessions, catalog: ctx.client(CatalogContract), log: ctx.log }).catch((err: unknown) =>
      ctx.log.warn({ err }, 'demo flash sales not seeded'),
    );
  },
  consumers: (_ctx, { batcher }) => seckillConsumers(batcher),
  jobs: (ctx, { batcher }) => [
    requeueStaleTicketsJob(
      batcher,
      () => ({ everyMs: ctx.config.current.sweepEveryMs, olderThanMs: ctx.config.current.requeueAfterMs }),
      ctx.log,
    ),
  ],
});
