// The catalog service: products, created once per idempotency key and read by id.
// This file is its only wiring; the runtime does the rest (config, migrations, RPC, health, shutdown).
import { fileURLToPath } from 'node:url';
import { CatalogContract } from '@mall/contracts/catalog';
import { defineService } from '@mall/platform/runtime';
import { CatalogConfig } from './config.ts';
import { catalogHandlers } from './handlers.ts';
import { Products } from './products.ts';

export default defineService({
  name: 'catalog',
  contract: CatalogContract,
  config: CatalogConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  setup: (ctx) => ({ products: new Products(ctx.db, () => ctx.config.current.maxProducts) }),
  handlers: (_ctx, { products }) => catalogHandlers(products),
});
