// The in-process broker's broadcast: each listener of a subject hears every message published after it
// started listening, one at a time in publish order; nothing is kept for a listener that is not there.
import type { Consumption, HeardMessage } from './port.ts';

class Listener {
  readonly #queue: HeardMessage[] = [];
  #draining: Promise<void> | undefined;
  #stopped = false;

  constructor(readonly hear: (message: HeardMessage) => Promise<void>) {}

  get idle(): boolean {
    return this.#draining === undefined;
  }

  offer(message: HeardMessage): void {
    if (this.#stopped) return;
    this.#queue.push(message);
    this.#draining ??= this.#drain();
  }

  /** Drops what was not heard yet and waits for the message being heard. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    await this.#draining;
  }

  async #drain(): Promise<void> {
    // Never inside publish(): the publisher must not wait for, or fail with, a listener.
    await new Promise((resolve) => setImmediate(resolve));
    for (let message = this.#queue.shift(); message && !this.#stopped; message = this.#queue.shift()) {
      try {
        await this.hear(message);
      } catch (err) {
        // At most once by contract: the message is not heard again; the failure belongs to the listener's owner.
        process.emitWarning(`embedded broker: listener of ${message.subject} failed: ${(err as Error).message}`);
      }
    }
    this.#draining = undefined;
  }
}

export class EmbeddedListeners {
  readonly #bySubject = new Map<string, Set<Listener>>();

  add(subject: string, hear: (message: HeardMessage) => Promise<void>): Consumption {
    let listeners = this.#bySubject.get(subject);
    if (!listeners) this.#bySubject.set(subject, (listeners = new Set()));
    const listener = new Listener(hear);
    listeners.add(listener);
    return {
      stop: async () => {
        listeners.delete(listener);
        await listener.stop();
      },
    };
  }

  announce(message: HeardMessage): void {
    for (const listener of this.#bySubject.get(message.subject) ?? []) listener.offer(message);
  }

  get idle(): boolean {
    return [...this.#bySubject.values()].every((set) => [...set].every((l) => l.idle));
  }

  async stopAll(): Promise<void> {
    const all = [...this.#bySubject.values()].flatMap((set) => [...set]);
    this.#bySubject.clear();
    await Promise.all(all.map((l) => l.stop()));
  }
}
