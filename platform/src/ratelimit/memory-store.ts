// Rate limits in process memory for the all-in-one mode, where one process hosts every service and so
// sees every hit. Counters expire on unref'd timers; nothing is left to close.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { assertLimitOptions, FlexibleRateLimiter } from './flexible-limiter.ts';
import {
  consumeOneByOne,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitStep,
  type RateLimitStore,
} from './port.ts';
import { MemoryTokenBucket } from './token-bucket.ts';

export class MemoryRateLimitStore implements RateLimitStore {
  limiter(opts: RateLimitOptions): RateLimiter {
    assertLimitOptions(opts);
    if (opts.algorithm === 'token-bucket') return new MemoryTokenBucket(opts);
    const inner = new RateLimiterMemory({
      keyPrefix: opts.prefix,
      points: opts.points,
      duration: opts.durationSeconds,
      blockDuration: opts.blockSeconds ?? 0,
    });
    return new FlexibleRateLimiter(inner, opts);
  }

  /** In memory every step is a function call already; one after another is the whole job. */
  consumeInOrder(steps: readonly RateLimitStep[]): Promise<RateLimitDecision[]> {
    return consumeOneByOne(steps);
  }

  async close(): Promise<void> {}
}
