// The catalog service: the category tree, brands, attributes, SPUs with their SKUs and the home page's
// content, as the back office edits them. This file is its only wiring; the runtime does the rest.
import { fileURLToPath } from 'node:url';
import { CatalogContract, MAX_IMAGE_BYTES } from '@mall/contracts/catalog';
import { InventoryContract } from '@mall/contracts/inventory';
import { defineService } from '@mall/platform/runtime';
import { CatalogConfig } from './config.ts';
import { seedDemoCatalog } from './demo/seed.ts';
import { catalogHandlers } from './handlers.ts';
import { Images } from './images.ts';
import { StorefrontCache } from './storefront-cache.ts';

export default defineService({
  name: 'catalog',
  contract: CatalogContract,
  config: CatalogConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  // Product pages ask inventory what may be bought; without an answer in time they show availability unknown.
  dependsOn: [InventoryContract],
  // An image upload is up to 2 MiB, base64 in JSON (4/3 of it) with room for the envelope.
  rpcBodyLimitBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
  setup: async (ctx) => ({
    storefront: await StorefrontCache.open({
      db: ctx.db,
      open: (name, opts) => ctx.cache(name, opts),
      log: ctx.log,
      ttlMs: ctx.config.current.cacheTtlMs,
      listingTtlMs: ctx.config.current.listingCacheTtlMs,
    }),
    images: new Images(ctx.blobs),
  }),
  handlers: (ctx, own) =>
    catalogHandlers(
      ctx.db,
      {
        inventory: ctx.client(InventoryContract),
        log: ctx.log,
        availabilityTimeoutMs: () => ctx.config.current.availabilityTimeoutMs,
        availabilityCacheMs: () => ctx.config.current.availabilityCacheMs,
      },
      own.storefront,
      own.images,
    ),
  start: async (ctx, own) => {
    if (!ctx.config.current.demoCatalog) return;
    await seedDemoCatalog({ db: ctx.db, inventory: ctx.client(InventoryContract), images: own.images, log: ctx.log });
    await own.storefront.everythingChanged();
  },
});
