// Scheduled jobs of a service: run every `everyMs`, never overlapping themselves. A singleton job
// (the default) runs on one instance of the cluster at a time, chosen by leader election.
import type { Locks, Campaign } from '../locks/index.ts';
import type { Logger } from '../observability/index.ts';

export interface JobSpec {
  name: string;
  everyMs: number;
  run: (signal: AbortSignal) => Promise<void>;
  /** One instance runs it (default), or every instance does. */
  singleton?: boolean;
}

export class JobRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly campaigns: Campaign[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly service: string,
    private readonly jobs: JobSpec[],
    private readonly locks: Locks,
    private readonly log: Logger,
  ) {
    const names = new Set<string>();
    for (const job of jobs) {
      if (!/^[a-zA-Z][\w-]*$/.test(job.name)) throw new Error(`job name "${job.name}" must be a word`);
      // Two jobs of one name would share one leadership and one timer: the second would never run.
      if (names.has(job.name)) throw new Error(`service ${service} has two jobs named ${job.name}`);
      names.add(job.name);
      if (!Number.isInteger(job.everyMs) || job.everyMs < 10) throw new Error(`job ${job.name}: everyMs must be an integer ≥ 10`);
    }
  }

  async start(): Promise<void> {
    for (const job of this.jobs) {
      if (job.singleton === false) {
        this.schedule(job);
        continue;
      }
      const campaign = await this.locks.campaign(`job:${this.service}:${job.name}`, {
        ttlMs: Math.max(3000, job.everyMs * 3),
        onElected: () => {
          this.log.info({ job: job.name }, 'job leadership taken');
          this.schedule(job);
        },
        onDemoted: () => {
          this.log.info({ job: job.name }, 'job leadership lost');
          this.unschedule(job.name);
        },
        onError: (err) => this.log.warn({ err, job: job.name }, 'job election attempt failed'),
      });
      this.campaigns.push(campaign);
    }
  }

  private schedule(job: JobSpec): void {
    if (this.timers.has(job.name)) return;
    let busy = false;
    const tick = (): void => {
      if (busy || this.abort.signal.aborted) return;
      busy = true;
      const run = job
        .run(this.abort.signal)
        .catch((err: unknown) => this.log.error({ err, job: job.name }, 'job run failed'))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    this.timers.set(job.name, timer);
    tick();
  }

  private unschedule(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearInterval(timer);
    this.timers.delete(name);
  }

  /** Stops scheduling, hands leaderships over at once, and waits for runs in progress. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const name of [...this.timers.keys()]) this.unschedule(name);
    await Promise.all(this.campaigns.map((c) => c.resign()));
    await Promise.all([...this.running]);
  }
}
