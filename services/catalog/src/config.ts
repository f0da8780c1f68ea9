// Catalog's configuration (hot-reloaded; env MALL_CATALOG_<SETTING>), with its defaults, validated at start
// and on every change.
import { Type, type Static } from 'typebox';

export const CatalogConfig = Type.Object(
  {
    /**
     * How long a product page waits for inventory's availability before it answers without it (availabilityKnown
     * false): a slow or absent inventory must not take the catalog down with it.
     */
    availabilityTimeoutMs: Type.Integer({ default: 300, minimum: 1, maximum: 5000 }),
    /**
     * How long inventory's answer serves the product pages of its product (one call at a time per product): a page
     * shows what may be bought as it was at most this long ago. 0 asks inventory for every page. A reservation is
     * checked by inventory itself, never against this.
     */
    availabilityCacheMs: Type.Integer({ default: 1000, minimum: 0, maximum: 60_000 }),
    /**
     * How long a cached storefront read (product page, category tree, home page) lives in Redis, before a jitter of up
     * to 20 % (so entries written together do not expire together). Writes drop what they change at once; this bounds
     * what a lost invalidation can leave. Read at start.
     */
    cacheTtlMs: Type.Integer({ default: 10 * 60_000, minimum: 1000, maximum: 24 * 3_600_000 }),
    /**
     * How long a page of the product listing (a query's page with its total and facets) lives in Redis, before the
     * jitter. Every write to the listing makes all cached pages stale at once (a new write generation); this bounds
     * how long the pages of past generations take room. Read at start.
     */
    listingCacheTtlMs: Type.Integer({ default: 60_000, minimum: 1000, maximum: 3_600_000 }),
    /** Load the demo catalog (208 products, their stock) into an empty catalog at start: `npm start` turns it on. */
    demoCatalog: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export type CatalogConfig = Static<typeof CatalogConfig>;
