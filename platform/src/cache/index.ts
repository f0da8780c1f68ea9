// Public entry of @mall/platform/cache: a multi-level read-through cache (process LRU → Redis/KV → loader) of
// serialized values, guarded against penetration, breakdown and avalanche. Services get one from ctx.cache(name, opts).
export { openCache, ReadThroughCache, type Cache, type CacheDeps } from './read-through-cache.ts';
export { jitteredTtl, type CacheOptions } from './options.ts';
export { BloomFilter, bloomSize } from './bloom-filter.ts';
export { KnownKeys, type KnownKeysOptions } from './known-keys.ts';
