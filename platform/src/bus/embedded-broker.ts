// The in-process broker of the all-in-one mode, with JetStream's delivery semantics: messages kept
// per subject, de-duplicated by id, delivered at least once to each durable consumer until settled,
// and heard once by each listener listening when they were published.
import { EmbeddedListeners } from './embedded-listeners.ts';
import type { Broker, ConsumeSpec, Consumption, Delivery, HeardMessage, OutgoingMessage } from './port.ts';
import { assertNotBroadcast, isBroadcast } from './port.ts';

const DEDUPE_WINDOW_MS = 120_000;

interface Worker {
  handle: (delivery: Delivery) => Promise<void>;
  concurrency: number;
  busy: number;
  idle: (() => void)[];
}

/** One durable consumer: a cursor over its subject's log, plus the messages due again. */
class DurableState {
  cursor = 0;
  readonly ready: number[] = [];
  readonly attempts = new Map<number, number>();
  readonly timers = new Map<number, NodeJS.Timeout>();
  readonly workers = new Set<Worker>();
  closed = false;

  constructor(
    readonly log: OutgoingMessage[],
    readonly ackWaitMs: number,
  ) {}

  pump(): void {
    for (const worker of this.workers) {
      while (worker.busy < worker.concurrency) {
        const seq = this.next();
        if (seq === undefined) return;
        this.deliver(worker, seq);
      }
    }
  }

  /** Nothing left to deliver, in flight or waiting for a retry. */
  get idle(): boolean {
    return (
      this.cursor >= this.log.length && this.ready.length === 0 && this.timers.size === 0 && [...this.workers].every((w) => w.busy === 0)
    );
  }

  /** Stops every timer; what was in flight or waiting for a retry is delivered again to the next worker. */
  park(): void {
    for (const [seq, timer] of this.timers) {
      clearTimeout(timer);
      this.ready.push(seq);
    }
    this.timers.clear();
  }

  private next(): number | undefined {
    if (this.ready.length > 0) return this.ready.shift();
    if (this.cursor < this.log.length) return this.cursor++;
    return undefined;
  }

  private deliver(worker: Worker, seq: number): void {
    const message = this.log[seq];
    if (!message) throw new Error(`embedded broker: no message at ${seq}`);
    const attempt = (this.attempts.get(seq) ?? 0) + 1;
    this.attempts.set(seq, attempt);
    let settled = false;
    const settle = (again: number | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(this.timers.get(seq));
      this.timers.delete(seq);
      if (again === undefined) this.attempts.delete(seq);
      else this.retryLater(seq, again);
    };
    // Not settled in time: the message goes back to the queue, as JetStream does after ack_wait.
    this.timers.set(
      seq,
      setTimeout(() => (settled ? undefined : settle(0)), this.ackWaitMs),
    );
    const delivery: Delivery = {
      ...message,
      attempt,
      ack: () => settle(undefined),
      nak: (delayMs) => settle(Math.max(0, delayMs)),
      term: () => settle(undefined),
    };
    worker.busy++;
    setImmediate(() => void this.run(worker, delivery));
  }

  private retryLater(seq: number, delayMs: number): void {
    if (this.closed) {
      this.ready.push(seq);
      return;
    }
    this.timers.set(
      seq,
      setTimeout(() => {
        this.timers.delete(seq);
        this.ready.push(seq);
        this.pump();
      }, delayMs),
    );
  }

  private async run(worker: Worker, delivery: Delivery): Promise<void> {
    try {
      await worker.handle(delivery);
    } catch (err) {
      // An unsettled delivery comes back after ack wait; the failure itself belongs to the handler's owner.
      process.emitWarning(`embedded broker: handler for ${delivery.subject} failed: ${(err as Error).message}`);
    } finally {
      worker.busy--;
      if (worker.busy === 0) worker.idle.splice(0).forEach((resolve) => resolve());
      this.pump();
    }
  }
}

export class EmbeddedBroker implements Broker {
  readonly kind = 'embedded';
  readonly #logs = new Map<string, OutgoingMessage[]>();
  readonly #seen = new Map<string, number>();
  readonly #durables = new Map<string, DurableState>();
  readonly #listeners = new EmbeddedListeners();
  #closed = false;

  async publish(message: OutgoingMessage): Promise<void> {
    this.#assertOpen();
    if (this.#isDuplicate(message.id)) return;
    const stored = { ...message, headers: { ...message.headers } };
    // A broadcast is heard by the listeners of the moment and kept for nobody.
    if (isBroadcast(message.subject)) return this.#listeners.announce(stored);
    this.#logOf(message.subject).push(stored);
    for (const [key, state] of this.#durables) if (key.endsWith(`\n${message.subject}`)) state.pump();
    this.#listeners.announce(stored);
  }

  async consume(spec: ConsumeSpec, handle: (delivery: Delivery) => Promise<void>): Promise<Consumption> {
    this.#assertOpen();
    assertNotBroadcast(spec.subject);
    const key = `${spec.durable}\n${spec.subject}`;
    let state = this.#durables.get(key);
    if (!state) this.#durables.set(key, (state = new DurableState(this.#logOf(spec.subject), spec.ackWaitMs ?? 10_000)));
    const worker: Worker = { handle, concurrency: spec.concurrency ?? 8, busy: 0, idle: [] };
    state.workers.add(worker);
    state.pump();
    const durable = state;
    return {
      async stop() {
        if (!durable.workers.delete(worker)) return;
        if (worker.busy > 0) await new Promise<void>((resolve) => worker.idle.push(resolve));
        if (durable.workers.size === 0) durable.park();
        else durable.pump();
      },
    };
  }

  async listen(subject: string, hear: (message: HeardMessage) => Promise<void>): Promise<Consumption> {
    this.#assertOpen();
    return this.#listeners.add(subject, hear);
  }

  async ping(): Promise<void> {
    this.#assertOpen();
  }

  /**
   * Resolves true once every consumer being served has settled everything stored for it, false after
   * `timeoutMs`. Messages live in memory only, so a host waits for this before it lets the process end.
   */
  async whenIdle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const busy = () => !this.#listeners.idle || [...this.#durables.values()].some((d) => d.workers.size > 0 && !d.idle);
    while (busy()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#listeners.stopAll();
    for (const state of this.#durables.values()) {
      state.closed = true;
      state.workers.clear();
      state.park();
    }
  }

  #logOf(subject: string): OutgoingMessage[] {
    let log = this.#logs.get(subject);
    if (!log) this.#logs.set(subject, (log = []));
    return log;
  }

  #isDuplicate(id: string): boolean {
    const now = Date.now();
    const seenAt = this.#seen.get(id);
    if (seenAt !== undefined && now - seenAt < DEDUPE_WINDOW_MS) return true;
    this.#seen.set(id, now);
    if (this.#seen.size > 10_000) for (const [k, at] of this.#seen) if (now - at >= DEDUPE_WINDOW_MS) this.#seen.delete(k);
    return false;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the embedded broker is closed');
  }
}
