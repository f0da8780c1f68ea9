// Public entry of @mall/platform/ratelimit: the RateLimiter port, its Redis and in-memory stores, and the factories.
// Services pick the kind from ctx.mode ('real' → 'redis', 'embedded' → 'embedded') and never import a driver.
export type { OwnedRateLimiter, RateLimitDecision, RateLimiter, RateLimitOptions, RateLimitState, RateLimitStep, RateLimitStore } from './port.ts';
export { createRateLimiter, openRateLimitStore, rateLimitKindFor, retryAfterSeconds, type RateLimitKind, type RateLimitStoreOptions } from './create.ts';
export { MemoryRateLimitStore } from './memory-store.ts';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-store.ts';
