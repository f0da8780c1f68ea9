// /api/auth: register, login, refresh and logout, each one call to identity. A login that carries a guest cart token
// also moves that guest cart into the member's cart, best effort: the login succeeds whatever the cart answers.
import type { FastifyRequest } from 'fastify';
import { authRoutes } from '@mall/contracts/gateway';
import type { CartContract } from '@mall/contracts/cart';
import type { IdentityContract } from '@mall/contracts/identity';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { cartTokenOf } from '../cart-token.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

/** The login waits this long at most for the cart merge; the shopper can still merge later (POST /api/cart/merge). */
const MERGE_TIMEOUT_MS = 2000;

export interface GuestCartMerge {
  cart: Client<typeof CartContract>;
  log: Logger;
}

export function authHandlers(identity: Client<typeof IdentityContract>, merge?: GuestCartMerge): EdgeHandlers {
  return edgeHandlers(
    handle(authRoutes.register, (request) => identity.register({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    // The client address comes from the connection, never from the body (the route's schema has no such field).
    handle(authRoutes.login, async (request) => {
      const session = await identity.login({ ...request.body, clientIp: request.ip });
      if (merge) await mergeGuestCart(merge, request, session.user.id);
      return session;
    }),
    handle(authRoutes.refresh, (request) => identity.refresh(request.body)),
    handle(authRoutes.logout, async (request) => {
      await identity.logout(request.body);
    }),
  );
}

async function mergeGuestCart({ cart, log }: GuestCartMerge, request: FastifyRequest, buyerId: string): Promise<void> {
  try {
    const guestToken = cartTokenOf(request);
    if (guestToken === undefined) return;
    const { merged, leftBehind } = await cart.mergeGuestCart({ guestToken, buyerId }, { timeoutMs: MERGE_TIMEOUT_MS });
    if (merged > 0 || leftBehind > 0) log.info({ buyerId, merged, leftBehind }, 'guest cart merged at login');
  } catch (err) {
    // A failed merge costs the shopper a merge (the guest cart is still there for POST /api/cart/merge), never the login.
    log.warn({ err, buyerId }, 'guest cart not merged at login');
  }
}
