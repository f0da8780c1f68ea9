// Token buckets for request rate limits: a key holds up to `points` tokens and gains
// points/durationSeconds tokens per second, so a steady rate passes and a burst is capped at `points`
// (a fixed window lets twice the limit through across a window boundary). One rule, written twice:
// a Lua script for Redis (the server's clock, one atomic call) and a function for the memory store.
import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiter, RateLimitOptions, RateLimitState } from './port.ts';

export type BucketMode = 'consume' | 'penalty' | 'reward' | 'get';

export interface Bucket {
  tokens: number;
  atMs: number;
}

export interface BucketRule {
  capacity: number;
  perMs: number;
}

/** The bucket after `mode` at `nowMs`, and whether a consume was allowed. `get` changes nothing. */
export function applyBucket(
  bucket: Bucket | undefined,
  rule: BucketRule,
  nowMs: number,
  mode: BucketMode,
  cost: number,
): { bucket: Bucket; allowed: boolean } {
  const elapsed = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  let tokens = bucket ? Math.min(rule.capacity, bucket.tokens + elapsed * rule.perMs) : rule.capacity;
  let allowed = false;
  if (mode === 'consume' && tokens >= cost) {
    tokens -= cost;
    allowed = true;
  } else if (mode === 'penalty') {
    tokens -= cost;
  } else if (mode === 'reward') {
    tokens = Math.min(rule.capacity, tokens + cost);
  }
  return { bucket: { tokens, atMs: nowMs }, allowed };
}

// The rule of applyBucket in Lua, once, for both scripts below: the bucket at KEY after `mode` at `now`
// (written back unless mode is 'get'); answers whether a consume was allowed and the tokens left.
const applyBucketLua = `
local function applyBucket(key, capacity, perMs, cost, mode, ttlMs, now)
  local s = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(s[1])
  local at = tonumber(s[2])
  if tokens == nil then
    tokens = capacity
    at = now
  end
  tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
  local allowed = 0
  if mode == 'consume' then
    if tokens >= cost then
      tokens = tokens - cost
      allowed = 1
    end
  elseif mode == 'penalty' then
    tokens = tokens - cost
  elseif mode == 'reward' then
    tokens = math.min(capacity, tokens + cost)
  end
  if mode ~= 'get' then
    redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
    redis.call('PEXPIRE', key, ttlMs)
  end
  return allowed, tokens
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** One bucket, one mode: KEYS[1]; ARGV capacity, perMs, cost, mode, ttlMs. Answers allowed, tokens. */
export const tokenBucketLua = `${applyBucketLua}
local allowed, tokens = applyBucket(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), now)
return { allowed, tostring(tokens) }
`;

/**
 * Several buckets consumed in order in one atomic call: KEYS are the buckets, ARGV four values per bucket
 * (capacity, perMs, cost, ttlMs); it stops at the first bucket that refuses, leaving the rest untouched.
 * Answers allowed, tokens for every bucket it reached.
 */
export const tokenBucketsInOrderLua = `${applyBucketLua}
local out = {}
for i = 1, #KEYS do
  local base = (i - 1) * 4
  local allowed, tokens = applyBucket(KEYS[i], tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3]), 'consume', tonumber(ARGV[base + 4]), now)
  out[#out + 1] = allowed
  out[#out + 1] = tostring(tokens)
  if allowed == 0 then
    break
  end
end
return out
`;

/** What the port reports for a bucket holding `tokens`. */
function decisionOf(tokens: number, allowed: boolean, rule: BucketRule, cost: number): RateLimitDecision {
  const remaining = Math.max(0, Math.floor(tokens));
  const state: RateLimitState = {
    consumed: rule.capacity - remaining,
    remaining,
    resetsInMs: Math.ceil(Math.max(0, rule.capacity - tokens) / rule.perMs),
  };
  const retryAfterMs = allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / rule.perMs));
  return { allowed, retryAfterMs, ...state };
}

abstract class TokenBucketLimiter implements RateLimiter {
  readonly points: number;
  readonly durationSeconds: number;
  protected readonly rule: BucketRule;

  constructor(protected readonly opts: RateLimitOptions) {
    this.points = opts.points;
    this.durationSeconds = opts.durationSeconds;
    this.rule = { capacity: opts.points, perMs: opts.points / (opts.durationSeconds * 1000) };
  }

  /** Runs one bucket operation; answers the tokens left and whether a consume was allowed. */
  protected abstract run(key: string, mode: BucketMode, cost: number): Promise<{ tokens: number; allowed: boolean; existed: boolean }>;
  abstract reset(key: string): Promise<void>;

  /** A full bucket refills from empty in durationSeconds; keep the key a little longer than that. */
  protected ttlMs(): number {
    return this.opts.durationSeconds * 1000 * 2 + 1000;
  }

  /** The decision of a consume of `points` that left `tokens` (for a caller that ran the bucket rule itself). */
  decision(tokens: number, allowed: boolean, points: number): RateLimitDecision {
    return decisionOf(tokens, allowed, this.rule, points);
  }

  async consume(key: string, points = 1): Promise<RateLimitDecision> {
    assertCost(points);
    const { tokens, allowed } = await this.run(key, 'consume', points);
    return decisionOf(tokens, allowed, this.rule, points);
  }

  async penalty(key: string, points = 1): Promise<RateLimitState> {
    assertCost(points);
    const { tokens } = await this.run(key, 'penalty', points);
    return stateOnly(decisionOf(tokens, true, this.rule, points));
  }

  async reward(key: string, points = 1): Promise<RateLimitState> {
    assertCost(points);
    const { tokens } = await this.run(key, 'reward', points);
    return stateOnly(decisionOf(tokens, true, this.rule, points));
  }

  async get(key: string): Promise<RateLimitState | null> {
    const { tokens, existed } = await this.run(key, 'get', 0);
    return existed ? stateOnly(decisionOf(tokens, true, this.rule, 0)) : null;
  }
}

function stateOnly(d: RateLimitDecision): RateLimitState {
  return { consumed: d.consumed, remaining: d.remaining, resetsInMs: d.resetsInMs };
}

function assertCost(points: number): void {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, got ${points}`);
}

interface BucketCommand {
  mallTokenBucket(key: string, capacity: number, perMs: string, cost: number, mode: BucketMode, ttlMs: number): Promise<[number, string]>;
  mallTokenBucketsInOrder(keyCount: number, ...keysThenArgs: Array<string | number>): Promise<Array<number | string>>;
}

/**
 * Consumes token buckets of one Redis connection in order, in one atomic call (one round trip), stopping at
 * the first refusal. The caller checks that Redis is ready; while it is not, each bucket's insurance answers.
 */
export async function consumeBucketsInOrder(
  redis: Redis,
  steps: ReadonlyArray<{ bucket: RedisTokenBucket; key: string; points: number }>,
): Promise<RateLimitDecision[]> {
  for (const step of steps) assertCost(step.points);
  const command = redis as unknown as BucketCommand;
  if (!command.mallTokenBucketsInOrder) redis.defineCommand('mallTokenBucketsInOrder', { lua: tokenBucketsInOrderLua });
  const keys = steps.map((s) => s.bucket.storeKey(s.key));
  const args = steps.flatMap((s) => s.bucket.bucketArgs(s.points));
  const flat = await command.mallTokenBucketsInOrder(keys.length, ...keys, ...args);
  const decisions: RateLimitDecision[] = [];
  for (let i = 0; i * 2 < flat.length; i++) {
    const step = steps[i]!;
    decisions.push(step.bucket.decision(Number(flat[i * 2 + 1]), Number(flat[i * 2]) === 1, step.points));
  }
  return decisions;
}

/** Redis: one EVALSHA per decision (ioredis loads the script once); while Redis is away, a bucket in memory answers. */
export class RedisTokenBucket extends TokenBucketLimiter {
  private readonly insurance: MemoryTokenBucket;

  constructor(
    private readonly redis: Redis,
    opts: RateLimitOptions,
    private readonly ready: () => Promise<void>,
  ) {
    super(opts);
    if (!(redis as unknown as Partial<BucketCommand>).mallTokenBucket)
      redis.defineCommand('mallTokenBucket', { numberOfKeys: 1, lua: tokenBucketLua });
    this.insurance = new MemoryTokenBucket(opts);
  }

  /** Whether this bucket counts in `redis` (one atomic call can only span one connection). */
  countsIn(redis: Redis): boolean {
    return this.redis === redis;
  }

  storeKey(key: string): string {
    return `${this.opts.prefix}:tb:${key}`;
  }

  /** capacity, perMs, cost, ttlMs: this bucket's part of tokenBucketsInOrderLua's ARGV. */
  bucketArgs(points: number): Array<string | number> {
    return [this.rule.capacity, String(this.rule.perMs), points, this.ttlMs()];
  }

  private key(key: string): string {
    return this.storeKey(key);
  }

  protected async run(key: string, mode: BucketMode, cost: number): Promise<{ tokens: number; allowed: boolean; existed: boolean }> {
    await this.ready();
    if (this.redis.status !== 'ready') return this.insurance.runLocal(key, mode, cost);
    const existed = mode === 'get' ? (await this.redis.exists(this.key(key))) === 1 : true;
    const [allowed, tokens] = await (this.redis as unknown as BucketCommand).mallTokenBucket(
      this.key(key),
      this.rule.capacity,
      String(this.rule.perMs),
      cost,
      mode,
      this.ttlMs(),
    );
    return { tokens: Number(tokens), allowed: allowed === 1, existed };
  }

  async reset(key: string): Promise<void> {
    await this.ready();
    await this.insurance.reset(key);
    if (this.redis.status === 'ready') await this.redis.del(this.key(key));
  }
}

/** Memory: the same rule on the process clock, for the all-in-one mode (and as Redis's insurance). */
export class MemoryTokenBucket extends TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket & { expiresAt: number }>();

  runLocal(key: string, mode: BucketMode, cost: number): { tokens: number; allowed: boolean; existed: boolean } {
    const now = Date.now();
    let current = this.buckets.get(key);
    if (current && current.expiresAt <= now) {
      this.buckets.delete(key);
      current = undefined;
    }
    const { bucket, allowed } = applyBucket(current, this.rule, now, mode, cost);
    if (mode !== 'get') this.buckets.set(key, { ...bucket, expiresAt: now + this.ttlMs() });
    if (this.buckets.size > 100_000) this.sweep(now);
    return { tokens: bucket.tokens, allowed, existed: current !== undefined };
  }

  protected async run(key: string, mode: BucketMode, cost: number): Promise<{ tokens: number; allowed: boolean; existed: boolean }> {
    return this.runLocal(key, mode, cost);
  }

  async reset(key: string): Promise<void> {
    this.buckets.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.expiresAt <= now) this.buckets.delete(key);
  }
}
