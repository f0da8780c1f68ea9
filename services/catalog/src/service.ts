// The catalog service: the category tree, brands, attributes, SPUs with their SKUs and the home page's
// content, as the back office edits them. This file is its only wiring; the runtime does the rest.
import { fileURLToPath } from 'node:url';
import { CatalogContract } from '@mall/contracts/catalog';
import { defineService } from '@mall/platform/runtime';
import { CatalogConfig } from './config.ts';
import { catalogHandlers } from './handlers.ts';

export default defineService({
  name: 'catalog',
  contract: CatalogContract,
  config: CatalogConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  handlers: (ctx) => catalogHandlers(ctx.db),
});
