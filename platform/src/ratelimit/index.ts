// Public entry of @mall/platform/ratelimit: the RateLimiter port, its Redis and in-memory stores, and the factories.
// Services use the store the runtime opens for them (ctx.rateLimits) and never open one or import a driver.
export type {
  OwnedRateLimiter,
  RateLimitDecision,
  RateLimiter,
  RateLimitOptions,
  RateLimitState,
  RateLimitStep,
  RateLimitStore,
  RateLimits,
} from './port.ts';
export {
  createRateLimiter,
  openRateLimitStore,
  rateLimitKindFor,
  retryAfterSeconds,
  type RateLimitKind,
  type RateLimitStoreOptions,
} from './create.ts';
export { MemoryRateLimitStore } from './memory-store.ts';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-store.ts';
