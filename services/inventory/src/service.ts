// The inventory service: stocks, created once per idempotency key and read by id.
// This file is its only wiring; the runtime does the rest (config, migrations, RPC, health, shutdown).
import { fileURLToPath } from 'node:url';
import { InventoryContract } from '@mall/contracts/inventory';
import { defineService } from '@mall/platform/runtime';
import { InventoryConfig } from './config.ts';
import { inventoryHandlers } from './handlers.ts';
import { Stocks } from './stocks.ts';

export default defineService({
  name: 'inventory',
  contract: InventoryContract,
  config: InventoryConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  setup: (ctx) => ({ stocks: new Stocks(ctx.db, () => ctx.config.current.maxStocks) }),
  handlers: (_ctx, { stocks }) => inventoryHandlers(stocks),
});
