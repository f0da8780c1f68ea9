// The grab as ONE atomic decision in the KV store (Lua in Redis, its twin in the embedded store): the window, the
// token not spent, a unit left, the buyer under the limit — then the unit taken, the buyer counted and the token
// spent, all or nothing. And its undo, for a grab whose ticket could not be written.
import { defineScript, type EmbeddedStoreAccess } from '@mall/platform/kv';
import { GrabCode } from './domain/grab.ts';

/** The keys of one item in seckill's KV namespace. */
export function itemKeys(itemId: string): { meta: string; stock: string; buyers: string } {
  return { meta: `item:${itemId}:meta`, stock: `item:${itemId}:stock`, buyers: `item:${itemId}:buyers` };
}

export const spentTokenKey = (nonce: string): string => `token:${nonce}`;

/**
 * KEYS: [meta, stock, buyers, spentToken]; ARGS: [buyerId, nowMs, tokenTtlMs].
 * Answers [code, remaining, seq]: seq is the buyer's n-th unit of the item when taken (see GrabCode).
 * A token already spent answers LIMIT_REACHED: it did serve this buyer a grab.
 */
export const grabScript = defineScript<number[]>({
  name: 'seckill.grab',
  lua: `
local startsAt = redis.call('HGET', KEYS[1], 'startsAt')
if not startsAt then return {5, 0, 0} end
local now = tonumber(ARGV[2])
if now < tonumber(startsAt) then return {1, 0, 0} end
if now >= tonumber(redis.call('HGET', KEYS[1], 'endsAt')) then return {2, 0, 0} end
local stock = tonumber(redis.call('GET', KEYS[2]) or '0')
if stock <= 0 then return {3, 0, 0} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {4, stock, 0} end
local had = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if had >= tonumber(redis.call('HGET', KEYS[1], 'limit')) then return {4, stock, had} end
redis.call('HSET', KEYS[3], ARGV[1], had + 1)
redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
return {0, redis.call('DECR', KEYS[2]), had + 1}`,
  embedded: (store, [meta = '', stock = '', buyers = '', spent = ''], [buyerId = '', nowMs = '', tokenTtlMs = '']) =>
    grabEmbedded(store, { meta, stock, buyers, spent }, { buyerId, now: Number(nowMs), tokenTtlMs: Number(tokenTtlMs) }),
});

function grabEmbedded(
  store: EmbeddedStoreAccess,
  k: { meta: string; stock: string; buyers: string; spent: string },
  a: { buyerId: string; now: number; tokenTtlMs: number },
): number[] {
  const startsAt = store.hget(k.meta, 'startsAt');
  if (startsAt === null) return [GrabCode.notLoaded, 0, 0];
  if (a.now < Number(startsAt)) return [GrabCode.notStarted, 0, 0];
  if (a.now >= Number(store.hget(k.meta, 'endsAt'))) return [GrabCode.ended, 0, 0];
  const stock = Number(store.get(k.stock) ?? '0');
  if (stock <= 0) return [GrabCode.soldOut, 0, 0];
  if (store.exists(k.spent)) return [GrabCode.limitReached, stock, 0];
  const had = Number(store.hget(k.buyers, a.buyerId) ?? '0');
  if (had >= Number(store.hget(k.meta, 'limit'))) return [GrabCode.limitReached, stock, had];
  store.hset(k.buyers, a.buyerId, String(had + 1));
  store.set(k.spent, '1', { ttlMs: a.tokenTtlMs });
  return [GrabCode.taken, store.incrBy(k.stock, -1), had + 1];
}

/** KEYS: [stock, buyers, spentToken]; ARGS: [buyerId]. Gives a taken unit back and uncounts the buyer; the token stays spent. */
export const ungrabScript = defineScript<number>({
  name: 'seckill.ungrab',
  lua: `
local had = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if had > 0 then redis.call('HSET', KEYS[2], ARGV[1], had - 1) end
return redis.call('INCR', KEYS[1])`,
  embedded: (store, [stock = '', buyers = ''], [buyerId = '']) => {
    const had = Number(store.hget(buyers, buyerId) ?? '0');
    if (had > 0) store.hset(buyers, buyerId, String(had - 1));
    return store.incrBy(stock, 1);
  },
});

/** KEYS: [stock]. Empties the item's stock (a close) and answers what was left, atomically with respect to grabs. */
export const drainScript = defineScript<number>({
  name: 'seckill.drain',
  lua: `
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], '0')
return left`,
  embedded: (store, [stock = '']) => {
    const left = Number(store.get(stock) ?? '0');
    store.set(stock, '0');
    return left;
  },
});
