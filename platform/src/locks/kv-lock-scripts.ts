// The one atomic step of taking a lock over the Kv port: SET NX PX and, only on success, the next fencing
// token, so that tokens follow the order in which owners really got the lock.
import { defineScript } from '../kv/index.ts';

/** KEYS: [lock, fence]; ARGS: [owner, ttlMs]. Answers the new fencing token, or 0 when the lock is held. */
export const acquireLock = defineScript<number>({
  name: 'locks.acquire',
  lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
return 0`,
  embedded: (store, [lock = '', fence = ''], [owner = '', ttlMs = '']) =>
    store.set(lock, owner, { ttlMs: Number(ttlMs), onlyIfAbsent: true }) ? store.incrBy(fence, 1) : 0,
});
