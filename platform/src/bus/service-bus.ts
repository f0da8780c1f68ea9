// One service's bus: publishing through its outbox, the relay of that outbox, and its durable
// consumers. The runtime opens one per service; tests open their own.
import { fileURLToPath } from 'node:url';
import type { EventDef, PayloadOf } from '@mall/contracts';
import type { ServiceDb, Tx } from '../db/index.ts';
import { createLogger, type Logger } from '../observability/index.ts';
import { handleDelivery, type ConsumerSpec } from './consumer.ts';
import { writeOutbox, type PublishOptions } from './outbox.ts';
import type { Broker, Consumption } from './port.ts';
import { Relay } from './relay.ts';

const BUS_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/** What business code sees: publish an event inside its own transaction. */
export interface Bus {
  /** Writes the event to the outbox in `tx`; it is published after `tx` commits, never if it rolls back. Returns the event id. */
  publish<E extends EventDef>(tx: Tx, event: E, payload: PayloadOf<E>, opts?: PublishOptions): Promise<string>;
}

export interface ServiceBusOptions {
  service: string;
  db: ServiceDb;
  broker: Broker;
  log?: Logger;
  /** Outbox polling period. Default 200 ms. */
  pollMs?: number;
  /** Outbox rows per relay transaction (and publishes in flight). Default 100. */
  batchSize?: number;
}

export class ServiceBus implements Bus {
  readonly #service: string;
  readonly #db: ServiceDb;
  readonly #broker: Broker;
  readonly #log: Logger;
  readonly #relay: Relay;
  readonly #consumptions: Consumption[] = [];

  private constructor(opts: ServiceBusOptions) {
    this.#service = opts.service;
    this.#db = opts.db;
    this.#broker = opts.broker;
    this.#log = opts.log ?? createLogger({ service: opts.service });
    this.#relay = new Relay({ ...opts, log: this.#log });
  }

  /** Creates the bus tables in the service's schema (once, tracked as bus_* migrations) and starts the relay. */
  static async open(opts: ServiceBusOptions): Promise<ServiceBus> {
    await opts.db.migrate(BUS_MIGRATIONS);
    const bus = new ServiceBus(opts);
    bus.#relay.start();
    return bus;
  }

  async publish<E extends EventDef>(tx: Tx, event: E, payload: PayloadOf<E>, opts?: PublishOptions): Promise<string> {
    const id = await writeOutbox(tx, this.#service, event, payload, opts);
    this.#relay.hint();
    return id;
  }

  /** Starts a durable consumer; every instance of the service that subscribes shares its deliveries. */
  async subscribe(spec: ConsumerSpec): Promise<void> {
    const scope = { service: this.#service, db: this.#db, log: this.#log };
    const consumption = await this.#broker.consume(
      {
        durable: durableName(this.#service, spec.name),
        subject: spec.event.subject,
        ...(spec.concurrency ? { concurrency: spec.concurrency } : {}),
        ...(spec.ackWaitMs ? { ackWaitMs: spec.ackWaitMs } : {}),
      },
      (delivery) => handleDelivery(scope, spec, delivery),
    );
    this.#consumptions.push(consumption);
  }

  /** Publishes every committed outbox row now; rejects when the broker refused some. */
  flush(): Promise<void> {
    return this.#relay.flush();
  }

  /** Takes no new deliveries and waits for those being handled; publishing still works. */
  async stopConsuming(): Promise<void> {
    await Promise.all(this.#consumptions.splice(0).map((c) => c.stop()));
  }

  /** Stops consuming, publishes what is left in the outbox (best effort: the rest waits for the next start), stops the relay. */
  async stop(): Promise<void> {
    await this.stopConsuming();
    await this.#relay.stop();
    await this.flush().catch((err: unknown) =>
      this.#log.warn({ err }, 'outbox not empty at shutdown; the rest is published after the next start'),
    );
  }
}

/** JetStream durable names allow no dots; the service prefix keeps two services' consumers apart. */
export function durableName(service: string, consumer: string): string {
  return `${service}_${consumer}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
