// Keeps this gateway instance's copy of identity's policy current. identity's policy events, heard by EVERY
// instance (policy-listeners.ts), make it refresh at once; a slow poll of the version stays as the safety net,
// since a listener hears at most once and hears nothing while NATS is away.
import type { Logger } from '@mall/platform/observability';
import { AccessPolicy, type PolicySnapshot } from '../domain/access-policy.ts';

export interface PolicyPollerOptions {
  /** identity.policySnapshot over RPC. */
  fetch: (sinceVersion: number | undefined) => Promise<PolicySnapshot>;
  intervalMs: () => number;
  log: Logger;
}

export class PolicyPoller {
  private policy: AccessPolicy | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing = false;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly opts: PolicyPollerOptions) {}

  /** The policy in force, or undefined until the first snapshot arrived. */
  get current(): AccessPolicy | undefined {
    return this.policy;
  }

  /** Loads the first snapshot (waiting at most `firstLoadMs`, so a gateway still starts while identity is down) and keeps polling. */
  async start(firstLoadMs: number): Promise<void> {
    let waited: NodeJS.Timeout | undefined;
    const firstLoad = this.refresh().finally(() => this.schedulePoll());
    await Promise.race([firstLoad, new Promise((resolve) => (waited = setTimeout(resolve, firstLoadMs)))]);
    clearTimeout(waited);
    if (!this.policy) this.opts.log.warn('no RBAC policy from identity yet: protected routes answer 503 until it arrives');
  }

  /** identity says its policy is now `version`: refresh at once, unless this copy is already that recent. */
  policyChanged(version: number): void {
    if (this.policy && version <= this.policy.version) return;
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * One refresh at a time. A call while one runs queues ONE more after it (the running one may have read
   * identity before the change that prompted the call), and every further call shares that queued one, so a
   * burst of events costs at most two calls to identity.
   */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running) {
      this.running = this.load().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  /** The next poll is scheduled when the previous one is done, so polls never pile up behind a slow identity. */
  private schedulePoll(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedulePoll()), this.opts.intervalMs()).unref();
  }

  private async load(): Promise<void> {
    try {
      await this.loadNewer();
      if (this.failing) this.opts.log.info({ version: this.policy?.version }, 'RBAC policy reachable again');
      this.failing = false;
    } catch (err) {
      // Logged once per outage; the last policy stays in force (bans and revocations already applied stay applied).
      if (!this.failing)
        this.opts.log.warn({ err, version: this.policy?.version }, 'cannot refresh the RBAC policy from identity; keeping the last one');
      this.failing = true;
    }
  }

  private async loadNewer(): Promise<void> {
    const snapshot = await this.opts.fetch(this.policy?.version);
    if (snapshot.unchanged || snapshot.version === this.policy?.version) return;
    const next = await AccessPolicy.compile(snapshot);
    this.policy = next;
    this.opts.log.info({ version: next.version }, 'RBAC policy loaded');
  }
}
