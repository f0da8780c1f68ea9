// JetStreamBroker against the broker conformance suite on the real NATS server; the suite's stream
// is its own (a unique subject token under the MALLTEST prefix) and is deleted afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, nanos } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { BROADCAST_MAX_AGE_MS, JetStreamBroker, defaultNatsUrl } from '../../src/bus/index.ts';
import { brokerConformance } from './broker-conformance.ts';
import { decode, encode, eventually, uniqueToken } from './helpers.ts';

brokerConformance('jetstream', async () => {
  const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix: 'MALLTEST', name: 'broker-conformance' });
  return {
    broker,
    cleanup: async (owner) => {
      await broker.deleteStream(`${owner}.any`);
      await broker.deleteStream(`broadcast.${owner}.any`);
    },
  };
});

test('a listener whose ordered consumer the server lost resumes where it stopped, without replaying the stream', async () => {
  const owner = uniqueToken('bl');
  const subject = `${owner}.changed`;
  const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix: 'MALLTEST', name: 'listener-reset' });
  const nc = await connect({ servers: defaultNatsUrl() });
  const publish = (text: string) => broker.publish({ id: randomUUID(), subject, data: encode(text), headers: {} });
  try {
    await publish('history');
    const heard: string[] = [];
    const listening = await broker.listen(subject, async (m) => void heard.push(decode(m.data)));
    await publish('one');
    await eventually('the first message', () => heard.length === 1);
    // What a NATS restart does to an ordered consumer (it lives in server memory): it is gone.
    const jsm = await jetstreamManager(nc);
    for await (const ci of jsm.consumers.list(broker.streamName(subject))) await jsm.consumers.delete(broker.streamName(subject), ci.name);
    await publish('two');
    await eventually('the message published while the consumer was gone', () => heard.includes('two'), 15_000);
    await publish('three');
    await eventually('the next one', () => heard.includes('three'));
    await sleep(200);
    assert.deepEqual(heard, ['one', 'two', 'three']);
    await listening.stop();
  } finally {
    await broker.deleteStream(subject);
    await broker.close();
    await nc.close();
  }
});

test('a broadcast stream keeps its messages for a minute, not for ever like events', async () => {
  const subject = `broadcast.${uniqueToken('bb')}.notice`;
  const broker = await JetStreamBroker.connect({ servers: defaultNatsUrl(), streamPrefix: 'MALLTEST', name: 'broadcast-retention' });
  const nc = await connect({ servers: defaultNatsUrl() });
  try {
    await broker.publish({ id: randomUUID(), subject, data: encode('notice'), headers: {} });
    const info = await (await jetstreamManager(nc)).streams.info(broker.streamName(subject));
    assert.equal(info.config.max_age, nanos(BROADCAST_MAX_AGE_MS));
    assert.deepEqual(info.config.subjects, [`${subject.split('.').slice(0, 2).join('.')}.>`]);
  } finally {
    await broker.deleteStream(subject);
    await broker.close();
    await nc.close();
  }
});
