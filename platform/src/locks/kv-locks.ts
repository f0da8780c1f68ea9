// Locks and leader election over the Kv port: RedisLocks in the cluster, EmbeddedLocks in all-in-one.
// One implementation for both stores, so their semantics (TTL expiry, fencing tokens) are the same by construction.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EmbeddedKvOptions, Kv, RedisKvOptions } from '../kv/index.ts';
import { EmbeddedKv, RedisKv } from '../kv/index.ts';
import { KvCampaign } from './kv-campaign.ts';
import { KvLock } from './kv-lock.ts';
import { acquireLock } from './kv-lock-scripts.ts';
import { campaignErrorHandler, campaignTtlMs, checkAcquire } from './options.ts';
import { jittered, pause } from './pause.ts';
import type { AcquireOptions, Campaign, CampaignOptions, Lock, Locks } from './port.ts';

const FIRST_RETRY_MS = 10;
const MAX_RETRY_MS = 100;

interface LockKeys {
  lock: string;
  fence: string;
}

/** Locks and campaigns live in separate key spaces; the hash tag keeps a lock and its fence in one Redis Cluster slot. */
function keysFor(space: 'lock' | 'leader', name: string): LockKeys {
  return { lock: `${space}:{${name}}`, fence: `${space}:{${name}}:fence` };
}

export interface KvLocksOptions {
  /** close() closes the kv too (true when the locks created it). */
  ownsKv?: boolean;
}

export class KvLocks implements Locks {
  private readonly campaigns = new Set<KvCampaign>();
  private readonly closing = new AbortController();

  constructor(
    private readonly kv: Kv,
    private readonly opts: KvLocksOptions = {},
  ) {}

  async acquire(name: string, opts: AcquireOptions): Promise<Lock | null> {
    const { ttlMs, waitMs } = checkAcquire(opts);
    return this.take(name, keysFor('lock', name), ttlMs, waitMs);
  }

  async campaign(name: string, opts: CampaignOptions): Promise<Campaign> {
    const ttlMs = campaignTtlMs(opts);
    this.assertOpen();
    const keys = keysFor('leader', name);
    const campaign: KvCampaign = new KvCampaign(
      () => this.take(name, keys, ttlMs, 0),
      ttlMs,
      opts,
      campaignErrorHandler(opts),
      () => this.campaigns.delete(campaign),
    );
    this.campaigns.add(campaign);
    await campaign.start();
    return campaign;
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    for (const campaign of this.campaigns) campaign.abandon();
    if (this.opts.ownsKv) await this.kv.close();
  }

  /** Polls with a growing, jittered pause: the store has no way to tell waiters that a lock was freed. */
  private async take(name: string, keys: LockKeys, ttlMs: number, waitMs: number): Promise<KvLock | null> {
    const deadline = performance.now() + waitMs;
    const owner = randomUUID();
    for (let retryMs = FIRST_RETRY_MS; ; retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)) {
      this.assertOpen();
      const token = await this.kv.run(acquireLock, [keys.lock, keys.fence], [owner, ttlMs]);
      if (token > 0) return new KvLock(this.kv, name, keys.lock, owner, token);
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await pause(Math.min(left, jittered(retryMs)), this.closing.signal);
    }
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('locks are closed');
  }
}

/** Locks on Redis, through a RedisKv of their own. */
export class RedisLocks extends KvLocks {
  constructor(opts: RedisKvOptions) {
    super(new RedisKv(opts), { ownsKv: true });
  }
}

/** Locks in process, through an EmbeddedKv of their own (on the process-wide store unless told otherwise). */
export class EmbeddedLocks extends KvLocks {
  constructor(opts: EmbeddedKvOptions = {}) {
    super(new EmbeddedKv(opts), { ownsKv: true });
  }
}
