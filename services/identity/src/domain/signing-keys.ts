// When a signing key is rotated and how long a retired key must still be published: every token it
// signed has to stay verifiable until that token expires, on every instance.

export interface KeyAges {
  accessTokenTtlSeconds: number;
  /** How long an instance may keep signing with a key it cached before it sees a rotation. */
  cacheMs: number;
  /** Tolerance for clocks that disagree between identity and the verifiers. */
  clockSkewSeconds: number;
}

/**
 * How long a retired key stays published: an instance may still sign with it for `cacheMs` after
 * the rotation, and each such token lives its TTL, give or take the verifiers' clock skew.
 */
export function retiredKeyWindowMs(ages: KeyAges): number {
  return ages.cacheMs + (ages.accessTokenTtlSeconds + ages.clockSkewSeconds) * 1000;
}

export function keyNeedsRotation(createdAt: Date, now: Date, rotateAfterHours: number): boolean {
  return now.getTime() - createdAt.getTime() >= rotateAfterHours * 3_600_000;
}
