// Inventory's configuration (hot-reloaded; env MALL_INVENTORY_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const InventoryConfig = Type.Object(
  {
    /** How often the expiry job looks for holds whose time is up; a hold outlives its TTL by at most about this. */
    expirySweepMs: Type.Integer({ default: 1000, minimum: 100, maximum: 600_000 }),
    /** Holds released per sweep at most, each in its own short transaction; the next sweep takes the rest. */
    expiryBatchSize: Type.Integer({ default: 500, minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);

export type InventoryConfig = Static<typeof InventoryConfig>;
