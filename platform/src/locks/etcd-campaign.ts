// Leader election on etcd: each round takes a lease kept alive by etcd3, and the candidate whose put on the
// election key succeeds leads; the others watch the key and retry when it goes. A lost lease ends the round.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Lease, Namespace } from 'etcd3';
import { leaseSeconds } from './etcd-lock.ts';
import { waitForDelete } from './etcd-watch.ts';
import { Leadership, leadUntil } from './leadership.ts';
import { pause, whenAborted } from './pause.ts';
import type { Campaign, CampaignOptions } from './port.ts';

const RETRY_AFTER_FAILED_ROUND_MS = 500;

export class EtcdCampaign implements Campaign {
  private readonly leadership: Leadership;
  private readonly stopping = new AbortController();
  private readonly seconds: number;
  /** Who leads, for whoever reads the key with etcdctl. */
  private readonly candidate = `${hostname()}/${process.pid}/${randomUUID()}`;
  private lease: Lease | undefined;
  private running: Promise<void> = Promise.resolve();
  private settleFirstAttempt: () => void = () => undefined;
  readonly firstAttempt = new Promise<void>((resolve) => {
    this.settleFirstAttempt = resolve;
  });

  constructor(
    private readonly ns: Namespace,
    private readonly key: string,
    ttlMs: number,
    callbacks: CampaignOptions,
    private readonly onError: (err: unknown) => void,
    private readonly onStopped: () => void,
  ) {
    this.leadership = new Leadership(callbacks);
    this.seconds = leaseSeconds(ttlMs);
  }

  start(): void {
    this.running = this.loop();
  }

  isLeader(): boolean {
    return this.leadership.isLeader;
  }

  /** Revoking the lease deletes the key at once, so a follower takes over without waiting for the ttl. */
  async resign(): Promise<void> {
    if (!this.stop()) return;
    await this.running;
    await this.lease?.revoke();
  }

  /** Stops the keep-alive and lets the key lapse after its ttl, as after a crash; no request to etcd. */
  abandon(): void {
    if (this.stop()) this.lease?.release();
  }

  private stop(): boolean {
    if (this.stopping.signal.aborted) return false;
    this.stopping.abort();
    this.onStopped();
    this.leadership.demote();
    this.settleFirstAttempt();
    return true;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.round();
      } catch (err) {
        if (!this.stopping.signal.aborted) this.onError(err);
      }
      this.settleFirstAttempt();
      this.leadership.demote();
      if (this.stopping.signal.aborted) return;
      this.lease?.release();
      await pause(RETRY_AFTER_FAILED_ROUND_MS, this.stopping.signal);
    }
  }

  private async round(): Promise<void> {
    const lease = this.ns.lease(this.seconds);
    this.lease = lease;
    const lost = new AbortController();
    lease.on('lost', (err) => lost.abort(err));
    const signal = AbortSignal.any([this.stopping.signal, lost.signal]);
    let validUntil = leadUntil(performance.now(), this.seconds * 1000);
    this.trackRenewals(lease, (until) => {
      validUntil = until;
      this.leadership.extend(until);
    });
    const id = await lease.grant();
    while (!signal.aborted) {
      const put = await this.ns.if(this.key, 'Create', '==', 0).then(this.ns.put(this.key).value(this.candidate).lease(id)).commit();
      if (put.succeeded && !signal.aborted) this.leadership.elect(validUntil);
      this.settleFirstAttempt();
      if (put.succeeded) {
        await this.lead(Number(put.header.revision), signal);
        break;
      }
      await waitForDelete(this.ns, this.key, Number(put.header.revision) + 1, signal);
    }
    if (lost.signal.aborted) throw lost.signal.reason;
  }

  /**
   * Leads until the round ends or the watchdog demotes, or until the key goes behind the leader's back
   * (lease revoked, key deleted by hand): the watch learns that long before the next keep-alive would.
   */
  private async lead(createdAt: number, signal: AbortSignal): Promise<void> {
    const leading = new AbortController();
    let deletedBehindOurBack = false;
    const deleted = waitForDelete(this.ns, this.key, createdAt + 1, AbortSignal.any([signal, leading.signal])).then(() => {
      deletedBehindOurBack = !leading.signal.aborted && !signal.aborted;
    });
    try {
      await Promise.race([whenAborted(signal), this.leadership.whenDemoted(), deleted]);
    } finally {
      leading.abort();
      await deleted;
    }
    if (deletedBehindOurBack) throw new Error(`leadership key ${this.key} was deleted while this candidate led`);
  }

  /** Each keep-alive answer confirms the lease for its TTL, counted from when that keep-alive was sent. */
  private trackRenewals(lease: Lease, confirmedUntil: (until: number) => void): void {
    const sentAt: number[] = [];
    lease.on('keepaliveEstablished', () => {
      sentAt.length = 0;
    });
    lease.on('keepaliveFired', () => sentAt.push(performance.now()));
    lease.on('keepaliveSucceeded', (res) => confirmedUntil(leadUntil(sentAt.shift() ?? performance.now(), Number(res.TTL) * 1000)));
  }
}
