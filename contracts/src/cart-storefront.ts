// The storefront's cart routes. Public: a guest's cart is found by its cart token (the `mall_cart` cookie or the
// X-Cart-Token header, issued by the gateway on a guest's first cart request and sent back in both), a signed-in
// caller's by the user id of the verified Bearer token. The owner is never read from a body.
import { Type } from 'typebox';
import { CartContract } from './cart.ts';
import { GatewayErrors } from './gateway-admin.ts';
import { defineRoute } from './http.ts';
import { strict, Uuid } from './primitives.ts';

const cart = CartContract.methods;
/** A cart route may be refused at the edge (address, rate, a banned user, a malformed X-Cart-Token) or fail behind it. */
const cartErrors = {
  VALIDATION_FAILED: 400,
  IP_DENIED: GatewayErrors.codes.IP_DENIED,
  USER_BANNED: GatewayErrors.codes.USER_BANNED,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;
const tokenNote = ' A guest without a cart token gets one (Set-Cookie mall_cart, and the X-Cart-Token response header).';
const SkuParams = Type.Object({ skuId: Uuid }, strict);

export const cartRoutes = {
  cart: defineRoute({
    method: 'GET',
    path: '/api/cart',
    summary:
      'The cart: each line at the current price and availability, flagged when its price changed since it was added (priceChanged, ' +
      'addedPrice) or when it cannot be bought as it stands (status). Inventory slow or down: availability unknown.' +
      tokenNote,
    tags: ['cart'],
    public: true,
    responses: { 200: cart.getCart.output },
    errors: cartErrors,
  }),
  addLine: defineRoute({
    method: 'POST',
    path: '/api/cart/lines',
    summary:
      'Adds units of a SKU on sale to the cart. Over the per-line maximum, over the stock, or past the lines per cart it is refused; ' +
      'an Idempotency-Key header makes a retry add nothing.' +
      tokenNote,
    tags: ['cart'],
    public: true,
    body: Type.Object({ skuId: cart.addLine.input.properties.skuId, quantity: cart.addLine.input.properties.quantity }, strict),
    responses: { 200: cart.addLine.output },
    errors: { ...cartErrors, ...cart.addLine.errors },
  }),
  updateLine: defineRoute({
    method: 'PATCH',
    path: '/api/cart/lines/:skuId',
    summary: "Sets a line's quantity and/or whether it is selected for checkout; at least one of them." + tokenNote,
    tags: ['cart'],
    public: true,
    params: SkuParams,
    body: Type.Object(
      { quantity: cart.updateLine.input.properties.quantity, selected: cart.updateLine.input.properties.selected },
      { ...strict, minProperties: 1 },
    ),
    responses: { 200: cart.updateLine.output },
    errors: { ...cartErrors, ...cart.updateLine.errors },
  }),
  removeLine: defineRoute({
    method: 'DELETE',
    path: '/api/cart/lines/:skuId',
    summary: 'Removes a line; a line that is not there is not an error.' + tokenNote,
    tags: ['cart'],
    public: true,
    params: SkuParams,
    responses: { 200: cart.removeLine.output },
    errors: cartErrors,
  }),
  merge: defineRoute({
    method: 'POST',
    path: '/api/cart/merge',
    summary:
      "Moves the guest cart of the request's cart token into the signed-in user's cart (login does this by itself): quantities " +
      'add, capped by the stock and the per-line maximum. Needs a Bearer token (401 without) and a cart token (400 CART_TOKEN_MISSING).',
    tags: ['cart'],
    public: true,
    responses: { 200: cart.mergeGuestCart.output },
    errors: { ...cartErrors, UNAUTHORIZED: 401, CART_TOKEN_MISSING: 400 },
  }),
};
