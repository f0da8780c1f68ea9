// The guest cart's token at the edge: 128 random bits the gateway issues to a guest, carried back in the HttpOnly
// `mall_cart` cookie (browsers) or the X-Cart-Token header (other clients). Whoever holds it holds that cart, so it is
// random, never derived from anything guessable, and the cart service keeps only a digest of it.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import { validationFailed } from '@mall/contracts';
import { CartToken } from '@mall/contracts/cart';

export const CART_COOKIE = 'mall_cart';
export const CART_TOKEN_HEADER = 'x-cart-token';
/** A guest cart lives 30 days past its last use in the browser, like the cart service's sweep of abandoned guest carts. */
const COOKIE_MAX_AGE_SECONDS = 30 * 86_400;
const validToken = Compile(CartToken);

/**
 * The request's cart token: the header when sent (malformed → 400, the client said something wrong), else the
 * cookie (malformed → none: a damaged cookie must not lock a browser out, it gets a fresh cart).
 */
export function cartTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers[CART_TOKEN_HEADER];
  if (header !== undefined) {
    if (typeof header === 'string' && validToken.Check(header)) return header;
    throw validationFailed('headers', [{ path: `/headers/${CART_TOKEN_HEADER}`, message: 'must be a cart token the gateway issued' }]);
  }
  const cookie = cookieValue(request.headers.cookie, CART_COOKIE);
  return cookie !== undefined && validToken.Check(cookie) ? cookie : undefined;
}

/** A fresh token, handed to the client in the cookie and the response header. */
export function issueCartToken(request: FastifyRequest, reply: FastifyReply): string {
  const token = randomBytes(16).toString('base64url');
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${CART_COOKIE}=${token}; Path=/api; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
  reply.header(CART_TOKEN_HEADER, token);
  return token;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
