// The bus through a NATS restart with real processes: two fixture instances write notes (each with
// its event, through the outbox) under a steady load while nats-server is stopped and started again.
// Every event is handled, and handled once in effect (one effect row per note).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { Cluster, LaunchedInstance } from '@mall/platform/runtime';
import { uniqueId } from '../fixture/harness.ts';
import { callInstance, launchFixtures, sleep, within } from './harness.ts';
import { findNats, startNats, stopNats } from './nats-server.ts';

interface NoteStats {
  notes: number;
  effects: number;
  notesWithEffect: number;
}

let cluster: Cluster;
let natsArgs: string[] | undefined;

before(async () => {
  const nats = await findNats();
  if (!nats) await startNats();
  natsArgs = nats?.args;
  cluster = await launchFixtures(2);
});
after(async () => {
  // Whatever happened, the shared server is left running for the other tests.
  if (!(await findNats())) await startNats(natsArgs);
  await cluster?.stop();
});

test('events written while nats-server restarts are all handled, each with exactly one effect', async (t) => {
  const [a, b] = cluster.instances();
  assert.ok(a && b);
  const prefix = `${uniqueId('nr')}-`;
  let running = true;
  let next = 0;
  const written: { id: string; at: number }[] = [];
  const failures: string[] = [];
  const workers = Array.from({ length: 4 }, async (_, w) => {
    while (running) {
      const id = `${prefix}${next++}`;
      try {
        const { created } = await callInstance<{ created: boolean }>(w % 2 ? a : b, 'note', { id, text: `note ${id}` });
        if (created) written.push({ id, at: Date.now() });
      } catch (err) {
        failures.push((err as Error).message);
      }
      await sleep(10);
    }
  });

  await sleep(1500);
  const nats = await findNats();
  assert.ok(nats, 'nats-server runs');
  const stoppedAt = Date.now();
  await stopNats(nats);
  await sleep(1500);
  await startNats(nats.args);
  const restartedAt = Date.now();
  await sleep(1500);
  running = false;
  await Promise.all(workers);

  assert.deepEqual(failures, [], 'writing a note never needs the broker');
  assert.ok(written.filter((w) => w.at > stoppedAt && w.at < restartedAt).length > 20, 'notes were written while NATS was down');
  const stats = (): Promise<NoteStats> => callInstance<NoteStats>(a, 'noteStats', { prefix });
  const settled = await within(30_000, async () => (await stats()).notesWithEffect === written.length, 250);
  const final = await stats();
  assert.notEqual(settled, undefined, `every event handled within 30 s (${final.notesWithEffect} of ${written.length})`);
  t.diagnostic(`${written.length} notes; all handled ${settled} ms after the load stopped`);
  // Redeliveries after the restart (lost acks) get a chance to show up as second effects before we count.
  await sleep(1000);
  const later = await stats();
  assert.equal(later.notes, written.length);
  assert.equal(later.effects, written.length, 'one effect per event: no redelivery had a second effect');
  const duplicates = (await Promise.all([a, b].map((i) => handledCount(i, 'duplicate')))).reduce((x, y) => x + y, 0);
  t.diagnostic(`redeliveries of already handled events, absorbed by the inbox: ${duplicates}`);
});

/** mall_bus_handled_total of the fixture's consumer for one outcome, read from an instance's /metrics. */
async function handledCount(instance: LaunchedInstance, outcome: string): Promise<number> {
  const { body } = await request(`${instance.url}/metrics`);
  const text = await body.text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('mall_bus_handled_total{') && l.includes('consumer="fixture.note-recorder"') && l.includes(`outcome="${outcome}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}
