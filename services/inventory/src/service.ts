// The inventory service: stock per SKU that cannot be oversold, try/confirm/cancel reservations that expire by
// themselves, restocks and adjustments, an append-only ledger and the audit that checks stock against it.
import { fileURLToPath } from 'node:url';
import { InventoryContract } from '@mall/contracts/inventory';
import { defineService } from '@mall/platform/runtime';
import { Allocations } from './allocations.ts';
import { InventoryConfig } from './config.ts';
import { inventoryHandlers } from './handlers.ts';
import { releaseExpiredReservationsJob } from './jobs.ts';
import { Reservations } from './reservations.ts';
import { StockBook } from './stock.ts';

export default defineService({
  name: 'inventory',
  contract: InventoryContract,
  config: InventoryConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  setup: (ctx) => ({ stock: new StockBook(ctx.db), reservations: new Reservations(ctx.db), allocations: new Allocations(ctx.db) }),
  handlers: (ctx, { stock, reservations, allocations }) => inventoryHandlers(ctx.db, stock, reservations, allocations),
  jobs: (ctx, { reservations }) => [
    releaseExpiredReservationsJob(
      reservations,
      () => ({ everyMs: ctx.config.current.expirySweepMs, batchSize: ctx.config.current.expiryBatchSize }),
      ctx.log,
    ),
  ],
});
