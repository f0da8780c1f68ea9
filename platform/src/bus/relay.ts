// The outbox relay: moves committed outbox rows to the broker and deletes them once the broker has
// them. Rows stay until published, so a broker outage delays events and never drops them.
import type { ServiceDb } from '../db/index.ts';
import { metrics, type Logger } from '../observability/index.ts';
import type { Broker } from './port.ts';

export interface RelayOptions {
  service: string;
  db: ServiceDb;
  broker: Broker;
  log: Logger;
  /** Polling period when nothing hints at new rows (other instances' commits, retries). Default 200 ms. */
  pollMs?: number;
  /** Rows claimed per transaction; also the bound on publishes in flight. Default 100. */
  batchSize?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: string;
  headers: Record<string, string>;
}

interface BatchResult {
  claimed: number;
  failed: number;
}

const encoder = new TextEncoder();
const MAX_BACKOFF_MS = 2000;

export class Relay {
  readonly #opts: Required<RelayOptions>;
  #timer: NodeJS.Timeout | undefined;
  readonly #hints = new Set<NodeJS.Timeout>();
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #failures = 0;
  #pendingKnown = true;

  constructor(opts: RelayOptions) {
    this.#opts = { pollMs: 200, batchSize: 100, ...opts };
  }

  start(): void {
    this.#stopped = false;
    this.#kick();
  }

  /** A transaction may have written outbox rows: look soon, and again a little later in case it had not committed yet. */
  hint(): void {
    if (this.#stopped || this.#hints.size > 0) return;
    for (const delay of [10, 60]) {
      const t = setTimeout(() => {
        this.#hints.delete(t);
        this.#kick();
      }, delay);
      this.#hints.add(t);
    }
  }

  /** Publishes what is pending now; rejects if the broker refused some of it. */
  async flush(): Promise<void> {
    await this.#running;
    for (;;) {
      const { claimed, failed } = await this.#batch();
      if (failed > 0) throw new Error(`outbox of ${this.#opts.service}: ${failed} events could not be published`);
      if (claimed < this.#opts.batchSize) return;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const t of this.#hints) clearTimeout(t);
    this.#hints.clear();
    await this.#running;
  }

  #kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        this.#kick();
        return;
      }
      const wait = this.#failures === 0 ? this.#opts.pollMs : Math.min(MAX_BACKOFF_MS, this.#opts.pollMs * 2 ** this.#failures);
      this.#timer = setTimeout(() => this.#kick(), wait);
    });
  }

  /** Relays batches until the outbox is empty or the broker fails; never rejects. */
  async #drain(): Promise<void> {
    try {
      for (;;) {
        const { claimed, failed } = await this.#batch();
        this.#noteOutcome(failed);
        if (failed > 0 || claimed < this.#opts.batchSize || this.#stopped) break;
      }
    } catch (err) {
      this.#noteOutcome(1, err);
    }
    await this.#updatePending();
  }

  async #batch(): Promise<BatchResult> {
    const { db, broker, batchSize } = this.#opts;
    return db.transaction(async (tx) => {
      // SKIP LOCKED: the relays of several instances share the work instead of waiting on each other.
      const rows = await tx.query<OutboxRow>(
        'SELECT id, subject, payload::text AS payload, headers FROM _outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
        [batchSize],
      );
      if (rows.length === 0) return { claimed: 0, failed: 0 };
      this.#pendingKnown = true;
      const results = await Promise.allSettled(
        rows.map((r) => broker.publish({ id: r.id, subject: r.subject, data: encoder.encode(r.payload), headers: r.headers })),
      );
      const published = rows.filter((_, i) => results[i]?.status === 'fulfilled');
      if (published.length > 0) await tx.query('DELETE FROM _outbox WHERE id = ANY($1::text[])', [published.map((r) => r.id)]);
      for (const r of published) metrics.busPublished.inc({ subject: r.subject });
      const firstFailure = results.find((r) => r.status === 'rejected');
      if (firstFailure) this.#opts.log.debug({ err: firstFailure.reason }, 'outbox publish failed');
      return { claimed: rows.length, failed: rows.length - published.length };
    });
  }

  #noteOutcome(failed: number, err?: unknown): void {
    if (failed === 0) {
      if (this.#failures > 0) this.#opts.log.info({ after: this.#failures }, 'outbox relay publishes again');
      this.#failures = 0;
      return;
    }
    // One warning per outage, not one per poll.
    if (this.#failures === 0) this.#opts.log.warn({ err, failed }, 'outbox relay cannot publish; events wait in the outbox');
    this.#failures++;
  }

  async #updatePending(): Promise<void> {
    if (!this.#pendingKnown) return;
    try {
      const [row] = await this.#opts.db.query<{ n: number }>('SELECT count(*)::int AS n FROM _outbox');
      const n = row?.n ?? 0;
      metrics.outboxPending.set({ service: this.#opts.service }, n);
      this.#pendingKnown = n > 0;
    } catch (err) {
      this.#opts.log.warn({ err }, 'cannot count pending outbox rows');
    }
  }
}
