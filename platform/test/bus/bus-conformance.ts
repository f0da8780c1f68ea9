// The bus suite run on each (database, broker) pair: the outbox commits and rolls back with the
// state change, the relay survives an outage, and consumers take effect once despite redelivery.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';
import { defineEvent } from '@mall/contracts';
import type { ServiceDb } from '../../src/db/index.ts';
import {
  InvalidEventPayloadError,
  ServiceBus,
  VERSION_HEADER,
  defineConsumer,
  type Broker,
  type ConsumerSpec,
} from '../../src/bus/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { FaultyBroker } from './faulty-broker.ts';
import { eventually, uniqueToken } from './helpers.ts';

export interface BusUnderTest {
  /** A fresh service schema. */
  db: ServiceDb;
  broker: Broker;
  /** Drops the schema and the broker's stored messages under `owner`, closes what was opened. */
  cleanup(owner: string): Promise<void>;
}

const OrderPlacedPayload = Type.Object({ orderId: Type.String(), amount: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export function busConformance(name: string, open: () => Promise<BusUnderTest>): void {
  describe(`bus: ${name}`, () => {
    const owner = uniqueToken('bus');
    const log = createLogger({ service: 'bustest', level: 'silent' });
    let sut: BusUnderTest;
    let broker: FaultyBroker;
    const buses: ServiceBus[] = [];
    let n = 0;
    const newEvent = () => defineEvent({ subject: `${owner}.placed${++n}`, version: 1, payload: OrderPlacedPayload });

    async function openBus(): Promise<ServiceBus> {
      const bus = await ServiceBus.open({ service: 'bustest', db: sut.db, broker, log, pollMs: 50 });
      buses.push(bus);
      return bus;
    }

    /** A consumer that records its effect in the `effect` table, in the delivery's transaction. */
    function recorder(consumer: string, event: ReturnType<typeof newEvent>, extra: Partial<ConsumerSpec> = {}): ConsumerSpec {
      const spec = defineConsumer({
        name: consumer,
        event,
        async handle(payload, { eventId, attempt, tx }) {
          await tx.query('INSERT INTO effect (consumer, event_id, order_id, attempt) VALUES ($1, $2, $3, $4)', [
            consumer,
            eventId,
            payload.orderId,
            attempt,
          ]);
        },
      });
      return { ...spec, ...extra };
    }

    const count = async (sql: string, params: unknown[] = []): Promise<number> =>
      (await sut.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n ?? -1;
    const effects = (consumer: string) => count('effect WHERE consumer = $1', [consumer]);

    before(async () => {
      sut = await open();
      broker = new FaultyBroker(sut.broker);
      await openBus();
      await sut.db.query(
        'CREATE TABLE effect (consumer text NOT NULL, event_id text NOT NULL, order_id text NOT NULL, attempt int NOT NULL)',
      );
      await sut.db.query('CREATE TABLE placed_order (id text PRIMARY KEY)');
    });
    after(async () => {
      for (const bus of buses) await bus.stop();
      await sut.cleanup(owner);
    });

    test('an event committed with the state change is handled, and the outbox empties', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      const headers: Record<string, string>[] = [];
      await bus.subscribe(defineConsumer({ name: 'committed', event, handle: async (_p, meta) => void headers.push({ ...meta.headers }) }));
      await bus.subscribe(recorder('committed-effect', event));
      const id = await sut.db.transaction(async (tx) => {
        await tx.query('INSERT INTO placed_order (id) VALUES ($1)', ['o-committed']);
        return bus.publish(tx, event, { orderId: 'o-committed', amount: 5 });
      });
      await eventually(
        'the effect, and the headers seen by the other consumer',
        async () => (await effects('committed-effect')) === 1 && headers.length === 1,
      );
      const [row] = await sut.db.query<{ event_id: string; order_id: string }>(
        "SELECT event_id, order_id FROM effect WHERE consumer = 'committed-effect'",
      );
      assert.deepEqual(row, { event_id: id, order_id: 'o-committed' });
      assert.equal(headers[0]?.[VERSION_HEADER], '1');
      await eventually('an empty outbox', async () => (await count('_outbox')) === 0);
    });

    test('an event rolled back with the state change is never published', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      await bus.subscribe(recorder('rolled-back', event));
      await assert.rejects(
        sut.db.transaction(async (tx) => {
          await bus.publish(tx, event, { orderId: 'o-rolled-back', amount: 1 });
          throw new Error('the state change failed');
        }),
        /the state change failed/,
      );
      await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: 'o-marker', amount: 1 }));
      await eventually('the marker', async () => (await effects('rolled-back')) === 1);
      await sleep(200);
      const orders = await sut.db.query<{ order_id: string }>("SELECT order_id FROM effect WHERE consumer = 'rolled-back'");
      assert.deepEqual(orders, [{ order_id: 'o-marker' }]);
    });

    test('a payload that does not match the event schema is refused before anything is written', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      const outboxBefore = await count('_outbox WHERE subject = $1', [event.subject]);
      await sut.db.transaction(async (tx) => {
        const bad = { orderId: 'o-bad', amount: -1 };
        await assert.rejects(bus.publish(tx, event, bad), InvalidEventPayloadError);
        const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM _outbox WHERE subject = $1', [event.subject]);
        assert.equal(row?.n, outboxBefore);
      });
    });

    test('a redelivered event (its ack was lost) has no second effect', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      let deliveries = 0;
      const spec = recorder('lost-ack', event, { ackWaitMs: 1000 });
      await bus.subscribe({
        ...spec,
        handle: async (p, meta) => {
          deliveries++;
          await spec.handle(p, meta);
        },
      });
      broker.loseFirstAck = true;
      try {
        await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: 'o-lost-ack', amount: 2 }));
        await eventually(
          'a redelivery after the lost ack',
          async () => (await count('_inbox WHERE consumer = $1', ['bustest.lost-ack'])) === 1 && deliveries === 1,
        );
        await sleep(2500);
      } finally {
        broker.loseFirstAck = false;
      }
      assert.equal(deliveries, 1, 'the handler ran once: the redelivery found the event in the inbox');
      assert.equal(await effects('lost-ack'), 1);
    });

    test('a failing handler is retried with backoff, its failed attempts roll back, then it succeeds', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      const attempts: { attempt: number; at: number }[] = [];
      await bus.subscribe(
        defineConsumer({
          name: 'flaky',
          event,
          backoffMs: (attempt) => 150 * attempt,
          async handle(payload, { eventId, attempt, tx }) {
            attempts.push({ attempt, at: Date.now() });
            await tx.query('INSERT INTO effect (consumer, event_id, order_id, attempt) VALUES ($1, $2, $3, $4)', [
              'flaky',
              eventId,
              payload.orderId,
              attempt,
            ]);
            if (attempt < 3) throw new Error(`transient failure ${attempt}`);
          },
        }),
      );
      await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: 'o-flaky', amount: 3 }));
      await eventually('success on the third attempt', async () => (await effects('flaky')) === 1);
      assert.deepEqual(
        attempts.map((a) => a.attempt),
        [1, 2, 3],
      );
      assert.ok(attempts[1]!.at - attempts[0]!.at >= 120, 'waited the first backoff');
      assert.ok(attempts[2]!.at - attempts[1]!.at >= 270, 'waited the longer second backoff');
      const rows = await sut.db.query<{ attempt: number }>("SELECT attempt FROM effect WHERE consumer = 'flaky'");
      assert.deepEqual(rows, [{ attempt: 3 }], 'only the successful attempt left an effect');
    });

    test('an event still failing after maxAttempts becomes a dead letter with its error, and is not delivered again', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      let calls = 0;
      await bus.subscribe(
        defineConsumer({
          name: 'doomed',
          event,
          maxAttempts: 3,
          backoffMs: 50,
          async handle() {
            calls++;
            throw new Error('the warehouse is on fire');
          },
        }),
      );
      const id = await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: 'o-doomed', amount: 4 }));
      await eventually('a dead letter', async () => (await count('_dead_letters WHERE consumer = $1', ['bustest.doomed'])) === 1);
      const [dead] = await sut.db.query<{ event_id: string; attempts: number; error: string; payload: string }>(
        "SELECT event_id, attempts, error, payload FROM _dead_letters WHERE consumer = 'bustest.doomed'",
      );
      assert.equal(dead?.event_id, id);
      assert.equal(dead?.attempts, 3);
      assert.match(dead?.error ?? '', /the warehouse is on fire/);
      assert.deepEqual(JSON.parse(dead?.payload ?? '{}'), { orderId: 'o-doomed', amount: 4 });
      await sleep(500);
      assert.equal(calls, 3);
    });

    test('events published while the broker is down wait in the outbox and are handled once it is back', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      await bus.subscribe(recorder('outage', event));
      broker.down = true;
      try {
        for (let i = 0; i < 5; i++) await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: `o-outage-${i}`, amount: i }));
        await sleep(600);
        assert.equal(await count('_outbox WHERE subject = $1', [event.subject]), 5, 'kept in the outbox');
        assert.equal(await effects('outage'), 0);
      } finally {
        broker.down = false;
      }
      await eventually('all five handled', async () => (await effects('outage')) === 5, 10_000);
      assert.equal(await count('_outbox WHERE subject = $1', [event.subject]), 0);
    });

    test('two instances of a service share the outbox and the consumer: every event has one effect', async () => {
      const [a, b] = [buses[0]!, await openBus()];
      const event = newEvent();
      await a.subscribe(recorder('shared', event));
      await b.subscribe(recorder('shared', event));
      const total = 60;
      await Promise.all(
        Array.from({ length: total }, (_, i) =>
          sut.db.transaction((tx) => (i % 2 ? a : b).publish(tx, event, { orderId: `o-shared-${i}`, amount: i })),
        ),
      );
      await eventually('every event handled', async () => (await effects('shared')) === total, 15_000);
      await sleep(300);
      assert.equal(await count("(SELECT DISTINCT order_id FROM effect WHERE consumer = 'shared') d"), total);
      assert.equal(await effects('shared'), total);
    });

    test('flush publishes what the outbox holds', async () => {
      const bus = buses[0]!;
      const event = newEvent();
      await bus.stop();
      await sut.db.transaction((tx) => bus.publish(tx, event, { orderId: 'o-flushed', amount: 1 }));
      assert.equal(await count('_outbox WHERE subject = $1', [event.subject]), 1);
      await bus.flush();
      // Another instance's relay may have claimed the row first (SKIP LOCKED): flush leaves it to that relay, which
      // publishes it in its own transaction; either way the outbox is empty a moment later.
      const deadline = Date.now() + 5000;
      while ((await count('_outbox WHERE subject = $1', [event.subject])) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(await count('_outbox WHERE subject = $1', [event.subject]), 0);
    });
  });
}
