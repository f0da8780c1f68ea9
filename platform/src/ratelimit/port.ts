// The rate-limit port: fixed-window counters or token buckets per key, shared by every instance
// (Redis) or by the services of one process (embedded).

/** How a limiter counts: `points` per window of `durationSeconds`; going over blocks the key for `blockSeconds` (default: the rest of the window). */
export interface RateLimitOptions {
  /** Namespaces the keys, so two limiters (and test runs) sharing a server never count each other's hits. */
  prefix: string;
  /** Hits allowed per window, a positive integer. */
  points: number;
  /** Window length in whole seconds (Redis expires counters in seconds). */
  durationSeconds: number;
  /** Block a key that went over for this many seconds; 0 or absent: only until its window ends. */
  blockSeconds?: number;
  /**
   * 'fixed-window' (default): counts hits per window — right for "5 failures in 15 minutes".
   * 'token-bucket': `points` tokens refilled at points/durationSeconds per second — right for request
   * rates, since a burst never exceeds `points` (blockSeconds does not apply).
   */
  algorithm?: 'fixed-window' | 'token-bucket';
}

/** Where a key stands in its current window. */
export interface RateLimitState {
  consumed: number;
  remaining: number;
  /** Milliseconds until the window (or the block) of this key ends. */
  resetsInMs: number;
}

export interface RateLimitDecision extends RateLimitState {
  allowed: boolean;
  /** When refused: milliseconds to wait before the next try can succeed (≥ 1); 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  readonly points: number;
  readonly durationSeconds: number;
  /** Counts `points` hits (default 1) for `key` and says whether they fit in the window. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Adds hits without asking for permission (a failed login, a suspicious act). */
  penalty(key: string, points?: number): Promise<RateLimitState>;
  /** Gives hits back (a request that turned out not to count). */
  reward(key: string, points?: number): Promise<RateLimitState>;
  /** The key's state without counting anything; null when it has no hits in its window. */
  get(key: string): Promise<RateLimitState | null>;
  /** Forgets the key's hits and any block on it. */
  reset(key: string): Promise<void>;
}

/** A limiter that holds its own connection. */
export interface OwnedRateLimiter extends RateLimiter {
  close(): Promise<void>;
}

/** One hit to count: `points` (default 1) on `key` of a limiter. */
export interface RateLimitStep {
  limiter: RateLimiter;
  key: string;
  points?: number;
}

/**
 * Limiters of one store as a service sees them (`ctx.rateLimits`): the runtime opened the store and closes it,
 * so nothing here closes it. Rebuilding a limiter on a config change costs nothing.
 */
export interface RateLimits {
  limiter(opts: RateLimitOptions): RateLimiter;
  /**
   * Consumes the steps in order and stops at the first refusal: the steps after it are not counted. Answers
   * the decision of every step counted (a refusal comes last). Token buckets of a Redis store go in one
   * atomic call, one round trip for the lot; anything else is consumed one step after another.
   */
  consumeInOrder(steps: readonly RateLimitStep[]): Promise<RateLimitDecision[]>;
}

/** One connection (or one process-wide memory) from which limiters are made, and its owner's way to release it. */
export interface RateLimitStore extends RateLimits {
  close(): Promise<void>;
}

/** consumeInOrder one step at a time: for stores or limiters that have nothing better. */
export async function consumeOneByOne(steps: readonly RateLimitStep[]): Promise<RateLimitDecision[]> {
  const decisions: RateLimitDecision[] = [];
  for (const step of steps) {
    const decision = await step.limiter.consume(step.key, step.points);
    decisions.push(decision);
    if (!decision.allowed) break;
  }
  return decisions;
}
