// The leader/follower state of one campaign: fires onElected/onDemoted exactly on changes, and demotes by
// itself when no renewal confirmed the leadership in time, so a slow store never leaves two leaders.
import { performance } from 'node:perf_hooks';

/**
 * How long a confirmation counts, from when it was sent: a tenth short of the ttl, because timers fire late
 * and clocks drift, and the leader must be demoted before the store lets anyone else in.
 */
export function leadUntil(sentAt: number, ttlMs: number): number {
  return sentAt + ttlMs * 0.9;
}

export interface LeadershipCallbacks {
  onElected: () => void;
  onDemoted: () => void;
}

export class Leadership {
  private leader = false;
  private watchdog: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly callbacks: LeadershipCallbacks) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /**
   * Leads until `validUntil` (performance.now() time), measured from when the confirming request was sent.
   * A confirmation that arrives after its own deadline proves nothing and is ignored.
   */
  elect(validUntil: number): void {
    if (validUntil <= performance.now()) return;
    this.arm(validUntil);
    if (this.leader) return;
    this.leader = true;
    this.callbacks.onElected();
  }

  /** Pushes the deadline of a current leadership; a follower stays a follower. */
  extend(validUntil: number): void {
    if (!this.leader) return;
    if (validUntil <= performance.now()) this.demote();
    else this.arm(validUntil);
  }

  demote(): void {
    clearTimeout(this.watchdog);
    if (!this.leader) return;
    this.leader = false;
    for (const wake of this.waiters.splice(0)) wake();
    this.callbacks.onDemoted();
  }

  /** Resolves at the next demotion (at once when not leading). */
  whenDemoted(): Promise<void> {
    if (!this.leader) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private arm(validUntil: number): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.demote(), validUntil - performance.now());
    this.watchdog.unref();
  }
}
