// Cart's configuration (hot-reloaded; env MALL_CART_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const CartConfig = Type.Object(
  {
    /** Carts kept at most; creating one more is refused. */
    maxCarts: Type.Integer({ default: 10000, minimum: 1, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export type CartConfig = Static<typeof CartConfig>;
