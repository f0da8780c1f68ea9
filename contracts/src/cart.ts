// The cart service's contract: guest carts (by an anonymous cart token the gateway issues) and member carts (by the
// verified user id), read with the current price and availability, merged at login, and the checkout's selected lines.
import { Type } from 'typebox';
import { SkuSnapshot } from './catalog.ts';
import { defineContract, type MethodInput, type MethodOutput } from './define.ts';
import { Count, IdempotencyKey, localized, Money, strict, Uuid } from './primitives.ts';

/** A guest cart's token: 128 random bits, base64url (22 characters). The gateway issues it; the cart keeps only its digest. */
export const CartToken = Type.String({ minLength: 22, maxLength: 22, pattern: '^[A-Za-z0-9_-]{22}$' });
/** Units of one SKU in a cart; the configured per-line maximum (maxQuantityPerLine, default 99) is the tighter bound. */
export const MAX_LINE_QUANTITY = 999;
export const LineQuantity = Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY, format: 'int32' });
/** Lines one cart holds at most; the configured maxLines (default 100) is the tighter bound. */
export const MAX_CART_LINES = 200;

/** Whose cart: a member's (the verified user id, never from a body) or a guest's (the cart token). */
export const CartOwner = Type.Union([Type.Object({ buyerId: Uuid }, strict), Type.Object({ guestToken: CartToken }, strict)]);

/**
 * Why a line cannot be bought as it stands: `not_on_sale` (the product was taken off sale, or the SKU is gone),
 * `sold_out` (nothing available), `exceeds_available` (fewer available than the line's quantity). `ok` otherwise,
 * also when availability is unknown (inventory did not answer in time).
 */
export const CartLineStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('not_on_sale'),
  Type.Literal('sold_out'),
  Type.Literal('exceeds_available'),
]);

export const CartLine = Type.Object({
  skuId: Uuid,
  quantity: LineQuantity,
  selected: Type.Boolean(),
  /** What catalog says now; null when catalog no longer knows the SKU. */
  productId: Type.Union([Uuid, Type.Null()]),
  title: Type.Union([localized({ maxLength: 200 }), Type.Null()]),
  attrs: SkuSnapshot.properties.attrs,
  image: SkuSnapshot.properties.image,
  /** The current price, read from catalog on every read (never stored); null when catalog no longer knows the SKU. */
  unitPrice: Type.Union([Money, Type.Null()]),
  /** The price when the line was added (or last added to). */
  addedPrice: Money,
  /** The current price differs from addedPrice. */
  priceChanged: Type.Boolean(),
  /** What may be bought now; null when inventory did not answer in time. */
  available: Type.Union([Count, Type.Null()]),
  status: CartLineStatus,
  /** unitPrice × quantity; null with unitPrice. */
  lineTotal: Type.Union([Money, Type.Null()]),
});

export const CartView = Type.Object({
  lines: Type.Array(CartLine, { maxItems: MAX_CART_LINES }),
  /** False when inventory did not answer in time: every line's available is null. */
  availabilityKnown: Type.Boolean(),
  /** Units on the selected lines that may be bought (status ok). */
  selectedQuantity: Count,
  /** The sum of those lines at the current price; null when there are none, or they are priced in more than one currency. */
  subtotal: Type.Union([Money, Type.Null()]),
  limits: Type.Object({ maxLines: Count, maxQuantityPerLine: Count }),
});

const owner = { owner: CartOwner };
const viewErrors = { SKU_NOT_FOUND: 404, SKU_NOT_ON_SALE: 409 } as const;
const quantityErrors = { LINE_QUANTITY_LIMIT: 409, INSUFFICIENT_STOCK: 409 } as const;

export const CartContract = defineContract('cart', {
  getCart: {
    summary: 'The cart with the current price and availability of every line (availability unknown when inventory is slow).',
    input: Type.Object(owner, strict),
    output: CartView,
    idempotent: true,
  },
  addLine: {
    summary:
      'Adds quantity units of a SKU on sale (to its line, or a new line); the line takes the current price as its added price. ' +
      'Refused over the per-line maximum, over what is available, or past the lines per cart. A retry with the same key adds nothing.',
    input: Type.Object({ ...owner, idempotencyKey: IdempotencyKey, skuId: Uuid, quantity: LineQuantity }, strict),
    output: CartView,
    errors: { ...viewErrors, ...quantityErrors, CART_FULL: 409, IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  updateLine: {
    summary: "Sets a line's quantity and/or whether it is selected for checkout (setting is idempotent).",
    input: Type.Object(
      { ...owner, skuId: Uuid, quantity: Type.Optional(LineQuantity), selected: Type.Optional(Type.Boolean()) },
      { ...strict, minProperties: 3 },
    ),
    output: CartView,
    errors: { LINE_NOT_FOUND: 404, ...quantityErrors },
    idempotent: true,
  },
  removeLine: {
    summary: 'Removes a line; removing a line that is not there changes nothing.',
    input: Type.Object({ ...owner, skuId: Uuid }, strict),
    output: CartView,
    idempotent: true,
  },
  mergeGuestCart: {
    summary:
      "Moves a guest cart into a member's cart (at login): quantities add, capped by availability and the per-line maximum; the " +
      'guest cart is emptied in the same transaction, so a retry moves nothing twice. Lines past the lines per cart stay behind.',
    input: Type.Object({ guestToken: CartToken, buyerId: Uuid }, strict),
    output: Type.Object({ merged: Count, leftBehind: Count, cart: CartView }),
    idempotent: true,
  },
  checkoutLines: {
    summary: "The member cart's selected lines, for the order service's checkout.",
    input: Type.Object({ buyerId: Uuid }, strict),
    output: Type.Object({
      lines: Type.Array(Type.Object({ skuId: Uuid, quantity: LineQuantity }), { maxItems: MAX_CART_LINES }),
    }),
    idempotent: true,
  },
});

export type CartInput<K extends keyof typeof CartContract.methods> = MethodInput<typeof CartContract, K>;
export type CartOutput<K extends keyof typeof CartContract.methods> = MethodOutput<typeof CartContract, K>;
