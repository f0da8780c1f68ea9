// Locks and leader election on etcd: a lock is a key created only if absent and bound to its own lease;
// its create revision is the fencing token. Waiters watch the key rather than poll it.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Namespace } from 'etcd3';
import type { Etcd3 } from 'etcd3';
import { connectEtcd } from '../etcd/index.ts';
import { EtcdCampaign } from './etcd-campaign.ts';
import { EtcdLock, leaseSeconds } from './etcd-lock.ts';
import { waitForDelete } from './etcd-watch.ts';
import { campaignErrorHandler, campaignTtlMs, checkAcquire } from './options.ts';
import type { AcquireOptions, Campaign, CampaignOptions, Lock, Locks } from './port.ts';

export const DEFAULT_ETCD_LOCKS_PREFIX = 'mall/locks/';

export interface EtcdLocksOptions {
  /** http://host:port of each etcd member; ignored when `client` is given. */
  endpoints?: string[];
  /** An etcd3 client to share; the locks then leave closing it to its owner. */
  client?: Etcd3;
  /** Every key goes under this prefix. */
  prefix?: string;
}

type Attempt = { lock: EtcdLock; revision?: undefined } | { lock?: undefined; revision: number };

export class EtcdLocks implements Locks {
  private readonly client: Etcd3;
  private readonly ownsClient: boolean;
  private readonly ns: Namespace;
  private readonly campaigns = new Set<EtcdCampaign>();
  private readonly closing = new AbortController();

  constructor(opts: EtcdLocksOptions) {
    this.ownsClient = opts.client === undefined;
    this.client = opts.client ?? connectEtcd(opts.endpoints ?? []);
    this.ns = this.client.namespace(opts.prefix ?? DEFAULT_ETCD_LOCKS_PREFIX);
  }

  async acquire(name: string, opts: AcquireOptions): Promise<Lock | null> {
    const { ttlMs, waitMs } = checkAcquire(opts);
    const key = `lock/${name}`;
    const owner = randomUUID();
    const deadline = performance.now() + waitMs;
    for (;;) {
      this.assertOpen();
      const attempt = await this.tryTake(name, key, owner, ttlMs);
      if (attempt.lock) return attempt.lock;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await waitForDelete(this.ns, key, attempt.revision + 1, AbortSignal.any([this.closing.signal, AbortSignal.timeout(Math.ceil(left))]));
    }
  }

  async campaign(name: string, opts: CampaignOptions): Promise<Campaign> {
    const ttlMs = campaignTtlMs(opts);
    this.assertOpen();
    const campaign: EtcdCampaign = new EtcdCampaign(this.ns, `leader/${name}`, ttlMs, opts, campaignErrorHandler(opts), () =>
      this.campaigns.delete(campaign),
    );
    this.campaigns.add(campaign);
    campaign.start();
    await campaign.firstAttempt;
    return campaign;
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    for (const campaign of this.campaigns) campaign.abandon();
    if (this.ownsClient) this.client.close();
  }

  /** One lease per attempt: a lease granted for a lost attempt is revoked at once rather than left to lapse. */
  private async tryTake(name: string, key: string, owner: string, ttlMs: number): Promise<Attempt> {
    const seconds = leaseSeconds(ttlMs);
    const lease = this.ns.lease(seconds, { autoKeepAlive: false });
    const id = await lease.grant();
    const put = await this.ns.if(key, 'Create', '==', 0).then(this.ns.put(key).value(owner).lease(id)).commit();
    const revision = Number(put.header.revision);
    if (put.succeeded) return { lock: new EtcdLock(this.ns, name, key, owner, lease, seconds, revision) };
    await lease.revoke();
    return { revision };
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('locks are closed');
  }
}
