// Grab tokens: `<itemId>.<buyerId>.<expiresAtMs>.<nonce>.<hmac>`, signed with the configured secret, so any
// instance can check one without a lookup, and a bot cannot make one before the session opens (none is handed out
// before the start). The nonce is what makes a token serve one grab: the grab script records it as spent.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface GrabTokenClaims {
  itemId: string;
  buyerId: string;
  expiresAtMs: number;
  nonce: string;
}

export function signGrabToken(secret: string, claims: Omit<GrabTokenClaims, 'nonce'>): string {
  const body = `${claims.itemId}.${claims.buyerId}.${claims.expiresAtMs}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a token signed with `secret` for this item and buyer and not expired at `nowMs`, or undefined. */
export function verifyGrabToken(
  secret: string,
  token: string,
  expect: { itemId: string; buyerId: string; nowMs: number },
): GrabTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 5) return undefined;
  const [itemId = '', buyerId = '', expires = '', nonce = '', signature = ''] = parts;
  const wanted = Buffer.from(mac(secret, parts.slice(0, 4).join('.')));
  const given = Buffer.from(signature);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return undefined;
  const expiresAtMs = Number(expires);
  if (itemId !== expect.itemId || buyerId !== expect.buyerId || !(expiresAtMs > expect.nowMs)) return undefined;
  return { itemId, buyerId, expiresAtMs, nonce };
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
