// Refresh-token rules: what presenting a stored token means (rotate it, or treat it as stolen),
// how a token is made and how it is kept (only its hash is stored).
import { createHash, randomBytes } from 'node:crypto';

export interface StoredRefreshToken {
  expiresAt: Date;
  /** Set once the token was exchanged for a new one. */
  rotatedAt: Date | null;
  /** Set when the token's family was revoked (logout, reuse, password change). */
  familyRevokedAt: Date | null;
}

/**
 * rotate: the token is current; exchange it. reuse: an already-exchanged token came back, so one
 * of its holders is a thief; the whole family must die. dead: expired or revoked; just refuse.
 */
export type RefreshDecision = 'rotate' | 'reuse' | 'dead';

export function decideRefresh(token: StoredRefreshToken | undefined, now: Date): RefreshDecision {
  if (!token || token.familyRevokedAt !== null) return 'dead';
  if (token.rotatedAt !== null) return 'reuse';
  if (token.expiresAt.getTime() <= now.getTime()) return 'dead';
  return 'rotate';
}

/** 256 random bits, URL-safe: unguessable, so a fast hash is enough to store it. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function refreshExpiry(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}
