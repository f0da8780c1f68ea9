// A broker wrapper that injects the faults the bus must survive, around a real adapter: an outage
// (publishes rejected) and acks lost on the way back (so the broker redelivers a handled event).
import type { Broker, ConsumeSpec, Consumption, Delivery, HeardMessage, OutgoingMessage } from '../../src/bus/index.ts';

export class FaultyBroker implements Broker {
  /** While true, every publish fails as if the broker were unreachable. */
  down = false;
  /** While true, the first ack of each message is lost. */
  loseFirstAck = false;
  readonly #acked = new Set<string>();

  constructor(readonly inner: Broker) {}

  get kind(): Broker['kind'] {
    return this.inner.kind;
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.down) throw new Error('broker unreachable (injected)');
    await this.inner.publish(message);
  }

  consume(spec: ConsumeSpec, handle: (delivery: Delivery) => Promise<void>): Promise<Consumption> {
    return this.inner.consume(spec, (d) => handle(this.#wrap(d)));
  }

  listen(subject: string, hear: (message: HeardMessage) => Promise<void>): Promise<Consumption> {
    return this.inner.listen(subject, hear);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #wrap(d: Delivery): Delivery {
    if (!this.loseFirstAck || this.#acked.has(d.id)) return d;
    return {
      ...d,
      ack: () => {
        this.#acked.add(d.id);
      },
      nak: (ms) => d.nak(ms),
      term: () => d.term(),
    };
  }
}
