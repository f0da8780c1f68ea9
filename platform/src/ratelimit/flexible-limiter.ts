// The RateLimiter port over one rate-limiter-flexible limiter (Redis or memory): both adapters share
// this translation, so they differ only in where the counters live.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimiter, RateLimitOptions, RateLimitState } from './port.ts';

export class FlexibleRateLimiter implements RateLimiter {
  readonly points: number;
  readonly durationSeconds: number;

  constructor(
    private readonly inner: RateLimiterAbstract,
    opts: RateLimitOptions,
    /** Resolves when the store can be asked (Redis: its first connection attempt is over). */
    private readonly ready: () => Promise<void> = async () => undefined,
  ) {
    this.points = opts.points;
    this.durationSeconds = opts.durationSeconds;
  }

  async consume(key: string, points = 1): Promise<RateLimitDecision> {
    assertPoints(points);
    await this.ready();
    try {
      return { allowed: true, retryAfterMs: 0, ...stateOf(await this.inner.consume(key, points)) };
    } catch (refusal) {
      // The library rejects with its result object when the key is over; anything else is a store failure.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const state = stateOf(refusal);
      return { allowed: false, retryAfterMs: Math.max(1, state.resetsInMs), ...state };
    }
  }

  async penalty(key: string, points = 1): Promise<RateLimitState> {
    assertPoints(points);
    await this.ready();
    return stateOf(await this.inner.penalty(key, points));
  }

  async reward(key: string, points = 1): Promise<RateLimitState> {
    assertPoints(points);
    await this.ready();
    return stateOf(await this.inner.reward(key, points));
  }

  async get(key: string): Promise<RateLimitState | null> {
    await this.ready();
    const res = await this.inner.get(key);
    return res === null ? null : stateOf(res);
  }

  async reset(key: string): Promise<void> {
    await this.ready();
    await this.inner.delete(key);
  }
}

function stateOf(res: RateLimiterRes): RateLimitState {
  // A reward can push the count below zero; to the caller that is simply an unused window.
  return { consumed: Math.max(0, res.consumedPoints), remaining: res.remainingPoints, resetsInMs: Math.max(0, res.msBeforeNext) };
}

function assertPoints(points: number): void {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, got ${points}`);
}

/** Checked once where a limiter is made, so a bad limit fails at start or is refused on a config change. */
export function assertLimitOptions(opts: RateLimitOptions): void {
  if (!Number.isInteger(opts.points) || opts.points < 1) throw new RangeError(`points must be a positive integer, got ${opts.points}`);
  if (!Number.isInteger(opts.durationSeconds) || opts.durationSeconds < 1) {
    throw new RangeError(`durationSeconds must be a positive integer, got ${opts.durationSeconds}`);
  }
  const block = opts.blockSeconds ?? 0;
  if (!Number.isInteger(block) || block < 0) throw new RangeError(`blockSeconds must be a non-negative integer, got ${block}`);
}
