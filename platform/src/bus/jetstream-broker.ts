// The real broker: NATS JetStream. One file-backed stream per owning service (`<PREFIX>_<SERVICE>`,
// subjects `<service>.>`), de-duplication by Nats-Msg-Id, durable pull consumers with explicit ack,
// and per-process listeners on ordered consumers.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type * as NatsModule from '@nats-io/transport-node';
import type * as JetStreamModule from '@nats-io/jetstream';
import { lazyModule } from '../lazy/index.ts';
import { headersOf, listenOrdered } from './jetstream-listener.ts';
import type { Broker, ConsumeSpec, Consumption, Delivery, HeardMessage, OutgoingMessage } from './port.ts';
import { BROADCAST_MAX_AGE_MS, assertNotBroadcast, isBroadcast, streamOf, streamSubjects } from './port.ts';

const nats = lazyModule<typeof NatsModule>('@nats-io/transport-node');
const js = lazyModule<typeof JetStreamModule>('@nats-io/jetstream');

export interface JetStreamBrokerOptions {
  servers: string | string[];
  /** First part of every stream name; tests use their own so they never meet the services' streams. */
  streamPrefix?: string;
  /** Client name shown by the server (e.g. the instance id). */
  name?: string;
  /** How long a publish waits for the stream's acknowledgement. Default 5000 ms. */
  publishTimeoutMs?: number;
}

// JetStream forgets message ids after this window; the inbox covers duplicates older than that.
const DUPLICATE_WINDOW_MS = 120_000;

export class JetStreamBroker implements Broker {
  readonly kind = 'jetstream';
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #prefix: string;
  readonly #publishTimeoutMs: number;
  readonly #streams = new Map<string, Promise<void>>();
  readonly #consumptions = new Set<Consumption>();
  #jsm: Promise<JetStreamManager> | undefined;

  private constructor(nc: NatsConnection, opts: JetStreamBrokerOptions) {
    this.#nc = nc;
    this.#js = js().jetstream(nc);
    this.#prefix = opts.streamPrefix ?? 'MALL';
    this.#publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
  }

  /** Connects, then reconnects forever: an outage delays the bus, it never ends it. */
  static async connect(opts: JetStreamBrokerOptions): Promise<JetStreamBroker> {
    const nc = await nats().connect({
      servers: opts.servers,
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    return new JetStreamBroker(nc, opts);
  }

  /** Where a subject's messages are stored (for tests and operators). */
  streamName(subject: string): string {
    return streamOf(subject, this.#prefix);
  }

  async publish(message: OutgoingMessage): Promise<void> {
    await this.#ensureStream(message.subject);
    const headers = nats().headers();
    for (const [key, value] of Object.entries(message.headers)) headers.set(key, value);
    await this.#js.publish(message.subject, message.data, { msgID: message.id, headers, timeout: this.#publishTimeoutMs });
  }

  async consume(spec: ConsumeSpec, handle: (delivery: Delivery) => Promise<void>): Promise<Consumption> {
    assertNotBroadcast(spec.subject);
    const stream = await this.#ensureStream(spec.subject).then(() => this.streamName(spec.subject));
    await this.#ensureConsumer(stream, spec);
    const consumer = await this.#js.consumers.get(stream, spec.durable);
    const concurrency = spec.concurrency ?? 8;
    const messages = await consumer.consume({ max_messages: concurrency * 2 });
    const consumption = runConsumption(messages, concurrency, handle);
    this.#consumptions.add(consumption);
    return {
      stop: async () => {
        this.#consumptions.delete(consumption);
        await consumption.stop();
      },
    };
  }

  async listen(subject: string, hear: (message: HeardMessage) => Promise<void>): Promise<Consumption> {
    // The stream may not exist yet (nothing published by its owner so far): create it as a publish would.
    await this.#ensureStream(subject);
    const listening = await listenOrdered(this.#js, await this.#manager(), this.streamName(subject), subject, hear);
    this.#consumptions.add(listening);
    return {
      stop: async () => {
        this.#consumptions.delete(listening);
        await listening.stop();
      },
    };
  }

  async ping(): Promise<void> {
    if (this.#nc.isClosed()) throw new Error('the NATS connection is closed');
    await this.#nc.flush();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#consumptions].map((c) => c.stop()));
    this.#consumptions.clear();
    await this.#nc.close();
  }

  /** Deletes the stream of a subject with its messages and consumers; for tests and operators. */
  async deleteStream(subject: string): Promise<void> {
    const jsm = await this.#manager();
    await jsm.streams.delete(this.streamName(subject));
    this.#streams.delete(this.streamName(subject));
  }

  #manager(): Promise<JetStreamManager> {
    this.#jsm ??= js()
      .jetstreamManager(this.#nc)
      .catch((err: unknown) => {
        this.#jsm = undefined;
        throw err;
      });
    return this.#jsm;
  }

  #ensureStream(subject: string): Promise<void> {
    const name = this.streamName(subject);
    let ready = this.#streams.get(name);
    if (!ready) {
      ready = this.#createStream(name, streamSubjects(subject), isBroadcast(subject)).catch((err: unknown) => {
        this.#streams.delete(name);
        throw err;
      });
      this.#streams.set(name, ready);
    }
    return ready;
  }

  async #createStream(name: string, subjects: string, broadcast: boolean): Promise<void> {
    const jsm = await this.#manager();
    // A broadcast stream only feeds listeners, which start after its last message: a minute is plenty (on file, so
    // a restarted server still has the stream the brokers believe exists).
    const retention = broadcast
      ? { max_age: nats().nanos(BROADCAST_MAX_AGE_MS), duplicate_window: nats().nanos(Math.min(DUPLICATE_WINDOW_MS, BROADCAST_MAX_AGE_MS)) }
      : { duplicate_window: nats().nanos(DUPLICATE_WINDOW_MS) };
    try {
      await jsm.streams.add({ name, subjects: [subjects], storage: js().StorageType.File, ...retention });
    } catch (err) {
      // Another instance created it first, or with another configuration an operator chose: use it as it is.
      await jsm.streams.info(name).catch(() => Promise.reject(err));
    }
  }

  async #ensureConsumer(stream: string, spec: ConsumeSpec): Promise<void> {
    const jsm = await this.#manager();
    try {
      await jsm.consumers.add(stream, {
        durable_name: spec.durable,
        filter_subject: spec.subject,
        ack_policy: js().AckPolicy.Explicit,
        deliver_policy: js().DeliverPolicy.All,
        // The bus dead-letters by itself after its own attempt limit; the server must never drop a message.
        max_deliver: -1,
        ack_wait: nats().nanos(spec.ackWaitMs ?? 10_000),
      });
    } catch (err) {
      await jsm.consumers.info(stream, spec.durable).catch(() => Promise.reject(err));
    }
  }
}

/** Pulls messages and handles up to `concurrency` at a time until stopped. */
function runConsumption(messages: ConsumerMessages, concurrency: number, handle: (d: Delivery) => Promise<void>): Consumption {
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const msg of messages) {
      const task = handle(toDelivery(msg))
        // An unsettled message comes back after ack wait; the failure belongs to the handler's owner.
        .catch((err: unknown) => process.emitWarning(`jetstream consumer: handler for ${msg.subject} failed: ${(err as Error).message}`))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  })().catch((err: unknown) => process.emitWarning(`jetstream consumer stopped: ${(err as Error).message}`));
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await messages.close();
        await loop;
        await Promise.all(inFlight);
      })()),
  };
}

function toDelivery(msg: JsMsg): Delivery {
  const headers = headersOf(msg);
  return {
    id: headers['Nats-Msg-Id'] ?? `${msg.info.stream}:${msg.seq}`,
    subject: msg.subject,
    data: msg.data,
    headers,
    attempt: msg.info.deliveryCount,
    ack: () => msg.ack(),
    nak: (delayMs) => msg.nak(delayMs),
    term: () => msg.term(),
  };
}
