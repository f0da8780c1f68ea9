// /api/cart: the shopper's cart. A signed-in caller's cart is the member cart of the verified user id; a guest's is
// the cart of its cart token, issued here on the first cart request without one. The owner never comes from a body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MallError } from '@mall/contracts';
import { cartRoutes } from '@mall/contracts/gateway';
import type { CartContract, CartInput } from '@mall/contracts/cart';
import type { Client } from '@mall/platform/rpc';
import { principalOf, userIdOf } from '../authentication.ts';
import { cartTokenOf, issueCartToken } from '../cart-token.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

type Owner = CartInput<'getCart'>['owner'];

export function cartHandlers(cart: Client<typeof CartContract>): EdgeHandlers {
  return edgeHandlers(
    handle(cartRoutes.cart, (request, reply) => cart.getCart({ owner: ownerOf(request, reply) })),
    handle(cartRoutes.addLine, (request, reply) =>
      cart.addLine({ owner: ownerOf(request, reply), idempotencyKey: idempotencyKeyOf(request), ...request.body }),
    ),
    handle(cartRoutes.updateLine, (request, reply) =>
      cart.updateLine({ owner: ownerOf(request, reply), skuId: request.params.skuId, ...request.body }),
    ),
    handle(cartRoutes.removeLine, (request, reply) => cart.removeLine({ owner: ownerOf(request, reply), skuId: request.params.skuId })),
    handle(cartRoutes.merge, (request) => {
      const buyerId = userIdOf(request);
      const guestToken = cartTokenOf(request);
      if (guestToken === undefined)
        throw new MallError('CART_TOKEN_MISSING', 'no guest cart token (mall_cart cookie or X-Cart-Token)', { status: 400 });
      return cart.mergeGuestCart({ guestToken, buyerId });
    }),
  );
}

/** The member cart when the caller is signed in; else the guest cart of its token, a fresh one when it has none. */
function ownerOf(request: FastifyRequest, reply: FastifyReply): Owner {
  const principal = principalOf(request);
  if (principal) return { buyerId: principal.userId };
  return { guestToken: cartTokenOf(request) ?? issueCartToken(request, reply) };
}
