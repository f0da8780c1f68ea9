// A client library loaded on first use instead of at import: the embedded mode (npm start) then never loads the
// clients of the servers it does not talk to (etcd3 with gRPC, ioredis, NATS), which otherwise sit in its memory
// for nothing (about 20 MB of RSS, measured). Types still come from `import type`, checked as usual.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `import type * as IoRedis from 'ioredis'; const redis = lazyModule<typeof IoRedis>('ioredis')`, then `new (redis().Redis)(...)` where needed. */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
