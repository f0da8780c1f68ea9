// Catalog's configuration (hot-reloaded; env MALL_CATALOG_<SETTING>), with its defaults, validated at start
// and on every change. Nothing to set yet: the back office's bounds are the contract's.
import { Type, type Static } from 'typebox';

export const CatalogConfig = Type.Object({}, { additionalProperties: false });

export type CatalogConfig = Static<typeof CatalogConfig>;
