// Keeps this gateway instance's copy of identity's policy current by asking "anything newer than
// version N?" every few hundred milliseconds: a change reaches every instance within one interval plus
// one call, with no per-instance event consumer (see the README for why not the bus).
import type { Logger } from '@mall/platform/observability';
import { AccessPolicy, type PolicySnapshot } from './access-policy.ts';

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

  constructor(private readonly opts: PolicyPollerOptions) {}

  /** The policy in force, or undefined until the first snapshot arrived. */
  get current(): AccessPolicy | undefined {
    return this.policy;
  }

  /** Loads the first snapshot (waiting at most `firstLoadMs`, so a gateway still starts while identity is down) and keeps polling. */
  async start(firstLoadMs: number): Promise<void> {
    let waited: NodeJS.Timeout | undefined;
    const firstLoad = this.poll();
    await Promise.race([firstLoad, new Promise((resolve) => (waited = setTimeout(resolve, firstLoadMs)))]);
    clearTimeout(waited);
    if (!this.policy) this.opts.log.warn('no RBAC policy from identity yet: protected routes answer 503 until it arrives');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One poll; schedules the next when done, so polls never overlap. */
  private async poll(): Promise<void> {
    try {
      await this.refresh();
      if (this.failing) this.opts.log.info({ version: this.policy?.version }, 'RBAC policy reachable again');
      this.failing = false;
    } catch (err) {
      // Logged once per outage; the last policy stays in force (bans and revocations already applied stay applied).
      if (!this.failing) this.opts.log.warn({ err, version: this.policy?.version }, 'cannot refresh the RBAC policy from identity; keeping the last one');
      this.failing = true;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), this.opts.intervalMs()).unref();
  }

  private async refresh(): Promise<void> {
    const snapshot = await this.opts.fetch(this.policy?.version);
    if (snapshot.unchanged || snapshot.version === this.policy?.version) return;
    const next = await AccessPolicy.compile(snapshot);
    this.policy = next;
    this.opts.log.info({ version: next.version }, 'RBAC policy loaded');
  }
}
