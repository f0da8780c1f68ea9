// The one conformance suite every Broker adapter must pass: durable delivery at least once until
// settled, de-duplication by id, redelivery with a delay and an attempt count, shared durables, and
// per-process listeners that hear what is published while they listen.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker, Consumption, Delivery } from '../../src/bus/index.ts';
import { decode, encode, eventually, uniqueToken } from './helpers.ts';

export interface BrokerUnderTest {
  broker: Broker;
  /** Removes what the suite stored under `owner` (a subject's first token). */
  cleanup(owner: string): Promise<void>;
}

interface Seen {
  id: string;
  text: string;
  attempt: number;
  headers: Record<string, string>;
  at: number;
}

export function brokerConformance(name: string, open: () => Promise<BrokerUnderTest>): void {
  describe(`broker conformance: ${name}`, () => {
    const owner = uniqueToken('bc');
    let sut: BrokerUnderTest;
    const consumptions: Consumption[] = [];
    let n = 0;
    const subject = (): string => `${owner}.topic${++n}`;
    const message = (subj: string, text: string, id: string = randomUUID()) => ({
      id,
      subject: subj,
      data: encode(text),
      headers: { 'x-test': text },
    });

    /** Consumes with a handler that records every delivery and settles it as `settle` says. */
    async function record(
      durable: string,
      subj: string,
      settle: (d: Delivery, seen: Seen[]) => void,
      extra: { ackWaitMs?: number } = {},
    ): Promise<Seen[]> {
      const seen: Seen[] = [];
      const c = await sut.broker.consume({ durable, subject: subj, ...extra }, async (d) => {
        seen.push({ id: d.id, text: decode(d.data), attempt: d.attempt, headers: d.headers, at: Date.now() });
        settle(d, seen);
      });
      consumptions.push(c);
      return seen;
    }

    /** Listens with a handler that records the text of every message heard. */
    async function listen(subj: string): Promise<{ heard: string[]; listening: Consumption }> {
      const heard: string[] = [];
      const listening = await sut.broker.listen(subj, async (m) => void heard.push(decode(m.data)));
      consumptions.push(listening);
      return { heard, listening };
    }

    before(async () => {
      sut = await open();
    });
    after(async () => {
      await Promise.all(consumptions.map((c) => c.stop()));
      await sut.cleanup(owner);
      await sut.broker.close();
    });

    test('a published message reaches a durable consumer with its id, data, headers and attempt 1', async () => {
      const subj = subject();
      const seen = await record('reader', subj, (d) => d.ack());
      const m = message(subj, 'hello');
      await sut.broker.publish(m);
      await eventually('delivery', () => seen.length === 1);
      assert.equal(seen[0]?.id, m.id);
      assert.equal(seen[0]?.text, 'hello');
      assert.equal(seen[0]?.attempt, 1);
      assert.equal(seen[0]?.headers['x-test'], 'hello');
    });

    test('messages stored before the consumer exists are delivered to it', async () => {
      const subj = subject();
      await sut.broker.publish(message(subj, 'early-1'));
      await sut.broker.publish(message(subj, 'early-2'));
      const seen = await record('late', subj, (d) => d.ack());
      await eventually('both early messages', () => seen.length === 2);
      assert.deepEqual(seen.map((s) => s.text).sort(), ['early-1', 'early-2']);
    });

    test('a message published twice with the same id is delivered once', async () => {
      const subj = subject();
      const seen = await record('dedupe', subj, (d) => d.ack());
      const id = randomUUID();
      await sut.broker.publish(message(subj, 'first', id));
      await sut.broker.publish(message(subj, 'again', id));
      await sut.broker.publish(message(subj, 'marker'));
      await eventually('the marker', () => seen.some((s) => s.text === 'marker'));
      await sleep(200);
      assert.deepEqual(seen.map((s) => s.text).sort(), ['first', 'marker']);
    });

    test('a nak-ed message comes back after its delay with the attempt count raised, until acked', async () => {
      const subj = subject();
      const seen = await record('retrying', subj, (d) => (d.attempt < 3 ? d.nak(300) : d.ack()));
      await sut.broker.publish(message(subj, 'retry me'));
      await eventually('three attempts', () => seen.length === 3);
      assert.deepEqual(
        seen.map((s) => s.attempt),
        [1, 2, 3],
      );
      assert.ok(seen[1]!.at - seen[0]!.at >= 250, `redelivered after ${seen[1]!.at - seen[0]!.at} ms, not before the delay`);
      await sleep(500);
      assert.equal(seen.length, 3, 'not delivered again once acked');
    });

    test('a terminated message is not delivered again', async () => {
      const subj = subject();
      const seen = await record('terminator', subj, (d) => d.term());
      await sut.broker.publish(message(subj, 'poison'));
      await eventually('one delivery', () => seen.length === 1);
      await sleep(700);
      assert.equal(seen.length, 1);
    });

    test('a message left unsettled is delivered again after the ack wait', async () => {
      const subj = subject();
      const seen = await record('forgetful', subj, (d) => (d.attempt === 1 ? undefined : d.ack()), { ackWaitMs: 1000 });
      await sut.broker.publish(message(subj, 'lost ack'));
      await eventually('a redelivery', () => seen.length === 2, 8000);
      assert.deepEqual(
        seen.map((s) => s.attempt),
        [1, 2],
      );
    });

    test('consumers with the same durable name share the messages; another durable gets them all', async () => {
      const subj = subject();
      const a = await record('shared', subj, (d) => d.ack());
      const b = await record('shared', subj, (d) => d.ack());
      const other = await record('auditor', subj, (d) => d.ack());
      const texts = Array.from({ length: 40 }, (_, i) => `m${i}`);
      for (const t of texts) await sut.broker.publish(message(subj, t));
      await eventually('every message to the shared durable and to the other', () => a.length + b.length === 40 && other.length === 40);
      await sleep(200);
      assert.deepEqual([...a, ...b].map((s) => s.text).sort(), [...texts].sort(), 'each message once across the shared durable');
      assert.deepEqual(other.map((s) => s.text).sort(), [...texts].sort());
    });

    test('a stopped consumer leaves its messages to the next consumer of the same durable', async () => {
      const subj = subject();
      const first = await sut.broker.consume({ durable: 'handover', subject: subj }, async (d) => d.ack());
      await first.stop();
      await sut.broker.publish(message(subj, 'while nobody listens'));
      const seen = await record('handover', subj, (d) => d.ack());
      await eventually('delivery to the new consumer', () => seen.length === 1);
      assert.equal(seen[0]?.text, 'while nobody listens');
    });
    test('every listener hears each message published after it listens, once, in order', async () => {
      const subj = subject();
      const a = await listen(subj);
      const b = await listen(subj);
      const texts = Array.from({ length: 20 }, (_, i) => `n${i}`);
      for (const t of texts) await sut.broker.publish(message(subj, t));
      await sut.broker.publish(message(subj, 'duplicate', 'same-id-' + subj));
      await sut.broker.publish(message(subj, 'duplicate', 'same-id-' + subj));
      await eventually('both listeners hear everything', () => a.heard.length === 21 && b.heard.length === 21);
      await sleep(200);
      assert.deepEqual(a.heard, [...texts, 'duplicate']);
      assert.deepEqual(b.heard, [...texts, 'duplicate']);
    });

    test('a listener does not hear what was published before it listened', async () => {
      const subj = subject();
      await sut.broker.publish(message(subj, 'before-1'));
      await sut.broker.publish(message(subj, 'before-2'));
      const { heard } = await listen(subj);
      await sut.broker.publish(message(subj, 'after'));
      await eventually('the message published after', () => heard.includes('after'));
      await sleep(200);
      assert.deepEqual(heard, ['after']);
    });

    test('a listener hears only its own subject', async () => {
      const subj = subject();
      const other = subject();
      const { heard } = await listen(subj);
      await sut.broker.publish(message(other, 'elsewhere'));
      await sut.broker.publish(message(subj, 'here'));
      await eventually('its own subject', () => heard.includes('here'));
      await sleep(200);
      assert.deepEqual(heard, ['here']);
    });

    test('a stopped listener hears nothing more while another goes on', async () => {
      const subj = subject();
      const stopped = await listen(subj);
      const going = await listen(subj);
      await sut.broker.publish(message(subj, 'first'));
      await eventually('both hear the first', () => stopped.heard.length === 1 && going.heard.length === 1);
      await stopped.listening.stop();
      await sut.broker.publish(message(subj, 'second'));
      await eventually('the other hears the second', () => going.heard.length === 2);
      await sleep(300);
      assert.deepEqual(stopped.heard, ['first']);
    });

    test('a listener that fails on one message still hears the next', async () => {
      const subj = subject();
      const heard: string[] = [];
      consumptions.push(
        await sut.broker.listen(subj, async (m) => {
          heard.push(decode(m.data));
          if (decode(m.data) === 'bad') throw new Error('listener failed on purpose');
        }),
      );
      await sut.broker.publish(message(subj, 'bad'));
      await sut.broker.publish(message(subj, 'good'));
      await eventually('the next message', () => heard.includes('good'));
      await sleep(200);
      assert.deepEqual(heard, ['bad', 'good'], 'the failed message is not heard again');
    });

    test('a broadcast subject is heard by its listeners and refused to durable consumers', async () => {
      const subj = `broadcast.${owner}.notice${++n}`;
      const { heard } = await listen(subj);
      await sut.broker.publish(message(subj, 'dropped key p-1'));
      await eventually('the broadcast to be heard', () => heard.length === 1);
      assert.deepEqual(heard, ['dropped key p-1']);
      await assert.rejects(
        sut.broker.consume({ durable: 'never', subject: subj }, async () => undefined),
        /broadcast/,
      );
    });

    test('listeners leave durable consumers of the same subject alone: each group still gets each message once', async () => {
      const subj = subject();
      const { heard } = await listen(subj);
      const a = await record('grouped', subj, (d) => d.ack());
      const b = await record('grouped', subj, (d) => d.ack());
      const texts = Array.from({ length: 30 }, (_, i) => `g${i}`);
      for (const t of texts) await sut.broker.publish(message(subj, t));
      await eventually('the group and the listener have everything', () => a.length + b.length === 30 && heard.length === 30);
      await sleep(300);
      assert.deepEqual([...a, ...b].map((s) => s.text).sort(), [...texts].sort(), 'each message once across the group');
      assert.deepEqual(heard, texts);
    });
  });
}
