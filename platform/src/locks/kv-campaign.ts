// Leader election over the Kv port: the leader holds a lock and renews it every ttl/3; followers retry at
// the same pace. A refused renewal demotes the leader at once, renewals failing past the ttl by the watchdog.
import { performance } from 'node:perf_hooks';
import { Leadership, leadUntil } from './leadership.ts';
import type { Campaign, CampaignOptions, Lock } from './port.ts';

export class KvCampaign implements Campaign {
  private readonly leadership: Leadership;
  private lock: Lock | null = null;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly tryLead: () => Promise<Lock | null>,
    private readonly ttlMs: number,
    callbacks: CampaignOptions,
    private readonly onError: (err: unknown) => void,
    private readonly onStopped: () => void,
  ) {
    this.leadership = new Leadership(callbacks);
  }

  /** Resolves after the first attempt to lead. */
  start(): Promise<void> {
    this.current = this.attempt();
    return this.current;
  }

  isLeader(): boolean {
    return this.leadership.isLeader;
  }

  async resign(): Promise<void> {
    if (!this.stop()) return;
    await this.current;
    const lock = this.lock;
    this.lock = null;
    if (lock) await lock.release();
  }

  /** Stops renewing without a request to the store: the leadership lapses after its ttl, as after a crash. */
  abandon(): void {
    this.stop();
  }

  /** Demotes at once, so the leader's work stops before anyone else can be elected. */
  private stop(): boolean {
    if (this.stopped) return false;
    this.stopped = true;
    clearTimeout(this.timer);
    this.onStopped();
    this.leadership.demote();
    return true;
  }

  private async attempt(): Promise<void> {
    const sentAt = performance.now();
    if (this.lock) await this.renew(this.lock, sentAt);
    else await this.lead(sentAt);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.attempt();
    }, this.ttlMs / 3);
  }

  /**
   * A refused renewal means the lock is gone. A failed one proves nothing either way: the lock is kept and
   * renewed again next time, and the watchdog demotes the leader if no renewal gets through in time.
   */
  private async renew(lock: Lock, sentAt: number): Promise<void> {
    const held = await this.settle(lock.extend(this.ttlMs));
    if (this.stopped || held === undefined) return;
    if (held) {
      this.leadership.elect(leadUntil(sentAt, this.ttlMs));
    } else {
      this.lock = null;
      this.leadership.demote();
    }
  }

  private async lead(sentAt: number): Promise<void> {
    const lock = await this.settle(this.tryLead());
    if (!lock) return;
    // Kept even when stopped meanwhile: resign() then releases it; after abandon() it lapses.
    this.lock = lock;
    if (!this.stopped) this.leadership.elect(leadUntil(sentAt, this.ttlMs));
  }

  /** A store error only costs this attempt: it is reported, and the next one comes ttl/3 later. */
  private async settle<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      return await work;
    } catch (err) {
      // Once stopped, a failure (typically the connection closing under the attempt) concerns nobody.
      if (!this.stopped) this.onError(err);
      return undefined;
    }
  }
}
