// Inventory's configuration (hot-reloaded; env MALL_INVENTORY_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const InventoryConfig = Type.Object(
  {
    /** Stocks kept at most; creating one more is refused. */
    maxStocks: Type.Integer({ default: 10000, minimum: 1, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export type InventoryConfig = Static<typeof InventoryConfig>;
