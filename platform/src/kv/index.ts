// Public entry of @mall/platform/kv: the Kv port, its two adapters, the factory and the kernel's atomic scripts.
// Business code depends on `Kv` and `createKv` only; scripts are declared with `defineScript`.
export type { EmbeddedStoreAccess, Kv, KvScript, ScriptReply, SetOptions } from './port.ts';
export { defineScript } from './script.ts';
export { compareAndDelete, compareAndExpire, compareAndSet, decrIfEnough } from './scripts.ts';
export { EmbeddedStore, sharedEmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.ts';
export { EmbeddedKv, type EmbeddedKvOptions } from './embedded-kv.ts';
export { RedisKv, type RedisKvOptions } from './redis-kv.ts';
export { createKv, redisUrlFromEnv, DEFAULT_REDIS_URL, type CreateKvOptions } from './create.ts';
