// Cart's configuration (hot-reloaded; env MALL_CART_<SETTING>, config center key `cart`), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@mall/contracts/cart';

export const CartConfig = Type.Object(
  {
    /** Lines one cart holds at most; adding a new SKU to a full cart is refused (CART_FULL). */
    maxLines: Type.Integer({ default: 100, minimum: 1, maximum: MAX_CART_LINES }),
    /** Units of one SKU per line at most: adds above it are refused, a merge is capped at it. */
    maxQuantityPerLine: Type.Integer({ default: 99, minimum: 1, maximum: MAX_LINE_QUANTITY }),
    /** How long a read waits for inventory before it shows availability unknown (like the product page). */
    availabilityTimeoutMs: Type.Integer({ default: 300, minimum: 1, maximum: 5000 }),
    /**
     * Commit cart changes without waiting for PostgreSQL's WAL flush: about half an add's latency, at the risk of
     * losing the last fraction of a second of cart changes if the PostgreSQL server crashes (README, storage).
     */
    asyncCommit: Type.Boolean({ default: false }),
    /** A guest cart untouched this long is deleted by the sweep job (a member cart is kept). */
    guestCartTtlDays: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
    /** How often the sweep job looks for abandoned guest carts. */
    guestSweepMs: Type.Integer({ default: 3_600_000, minimum: 1000, maximum: 86_400_000 }),
  },
  { additionalProperties: false },
);

export type CartConfig = Static<typeof CartConfig>;
