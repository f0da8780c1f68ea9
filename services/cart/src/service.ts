// The cart service: guest and member carts, read at the current price and availability, merged at login, the
// checkout's selected lines, and a paid order's lines dropped. This file is its only wiring; the runtime does the rest.
import { fileURLToPath } from 'node:url';
import { CartContract } from '@mall/contracts/cart';
import { CatalogContract } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { defineService } from '@mall/platform/runtime';
import { CartViews } from './cart-view.ts';
import { Carts } from './carts.ts';
import { CartConfig } from './config.ts';
import { dropPurchasedLines } from './consumers.ts';
import { cartHandlers } from './handlers.ts';
import { sweepAbandonedGuestCartsJob } from './jobs.ts';
import { CartLines } from './lines.ts';

export default defineService({
  name: 'cart',
  contract: CartContract,
  config: CartConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  // Every read asks catalog for the current prices and inventory (with a deadline) for availability.
  dependsOn: [CatalogContract, InventoryContract],
  setup: (ctx) => {
    const lines = new CartLines(ctx.db, { asyncCommit: () => ctx.config.current.asyncCommit });
    const views = new CartViews({
      catalog: ctx.client(CatalogContract),
      inventory: ctx.client(InventoryContract),
      log: ctx.log,
      availabilityTimeoutMs: () => ctx.config.current.availabilityTimeoutMs,
    });
    const limits = () => ({ maxLines: ctx.config.current.maxLines, maxQuantityPerLine: ctx.config.current.maxQuantityPerLine });
    return { lines, carts: new Carts(lines, views, limits) };
  },
  handlers: (_ctx, { carts }) => cartHandlers(carts),
  consumers: (ctx, { lines }) => [dropPurchasedLines(lines, ctx.log)],
  jobs: (ctx, { lines }) => [
    sweepAbandonedGuestCartsJob(
      lines,
      () => ({ everyMs: ctx.config.current.guestSweepMs, ttlDays: ctx.config.current.guestCartTtlDays }),
      ctx.log,
    ),
  ],
});
