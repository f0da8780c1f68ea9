// Catalog's configuration (hot-reloaded; env MALL_CATALOG_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const CatalogConfig = Type.Object(
  {
    /** Products kept at most; creating one more is refused. */
    maxProducts: Type.Integer({ default: 10000, minimum: 1, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export type CatalogConfig = Static<typeof CatalogConfig>;
