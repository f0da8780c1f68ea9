// The kernel's atomic kv scripts: stock-style counters and compare-and-* on a key (locks use the latter).
// Each is one atomic decision, Lua for Redis beside its embedded twin; the conformance suite holds them equal.
import type { EmbeddedStoreAccess } from './port.ts';
import { defineScript } from './script.ts';

const INTEGER = /^-?\d+$/;

/**
 * KEYS: [counter]; ARGS: [n, a positive integer]. Decrements the counter by n only if it stays >= 0.
 * Answers the new value, or -1 (counter unchanged) when it holds less than n or does not exist.
 */
export const decrIfEnough = defineScript<number>({
  name: 'decrIfEnough',
  lua: `
local n = ARGV[1]
if not string.match(n, '^%d+$') or tonumber(n) <= 0 then
  return redis.error_reply('ERR decrement must be a positive integer')
end
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if not string.match(current, '^-?%d+$') then
  return redis.error_reply('ERR value is not an integer or out of range')
end
if tonumber(current) < tonumber(n) then return -1 end
return redis.call('DECRBY', KEYS[1], n)`,
  embedded: (store, [counter = ''], [n = '']) => {
    if (!/^\d+$/.test(n) || Number(n) <= 0) throw new Error('ERR decrement must be a positive integer');
    const current = store.get(counter);
    if (current === null) return -1;
    if (!INTEGER.test(current)) throw new Error('ERR value is not an integer or out of range');
    if (Number(current) < Number(n)) return -1;
    return store.incrBy(counter, -Number(n));
  },
});

/** KEYS: [key]; ARGS: [expected]. Deletes the key only if it holds `expected`. Answers 1 when deleted, else 0. */
export const compareAndDelete = defineScript<number>({
  name: 'compareAndDelete',
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  embedded: (store, [key = ''], [expected]) => (holds(store, key, expected) ? store.del(key) : 0),
});

/**
 * KEYS: [key]; ARGS: [expected, value, ttlMs?]. Replaces the value only if the key holds `expected`;
 * like a plain set, the TTL is replaced too (none when ttlMs is absent). Answers 1 when set, else 0.
 */
export const compareAndSet = defineScript<number>({
  name: 'compareAndSet',
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`,
  embedded: (store, [key = ''], [expected, value = '', ttlMs]) => {
    if (!holds(store, key, expected)) return 0;
    store.set(key, value, ttlMs === undefined ? {} : { ttlMs: Number(ttlMs) });
    return 1;
  },
});

/** KEYS: [key]; ARGS: [expected, ttlMs]. Sets the key's TTL only if it holds `expected`. Answers 1 when set, else 0. */
export const compareAndExpire = defineScript<number>({
  name: 'compareAndExpire',
  lua: `
local ttl = ARGV[2]
if not string.match(ttl, '^%d+$') or tonumber(ttl) <= 0 then
  return redis.error_reply('ERR ttlMs must be a positive integer')
end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ttl) end
return 0`,
  embedded: (store, [key = ''], [expected, ttlMs = '']) => {
    if (!/^\d+$/.test(ttlMs) || Number(ttlMs) <= 0) throw new Error('ERR ttlMs must be a positive integer');
    return holds(store, key, expected) && store.expire(key, Number(ttlMs)) ? 1 : 0;
  },
});

function holds(store: EmbeddedStoreAccess, key: string, expected: string | undefined): boolean {
  return expected !== undefined && store.get(key) === expected;
}
