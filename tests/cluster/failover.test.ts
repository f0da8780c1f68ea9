// Failover with real processes: two fixture instances behind etcd discovery under a steady load;
// one is killed with SIGKILL, a new one is started, and the client follows within 2 s each time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, type Registry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import type { Cluster } from '@mall/platform/runtime';
import { FixtureContract } from '../fixture/contract.ts';
import { serverEnv } from '../fixture/harness.ts';
import { launchFixtures, sleep, startFixture, within } from './harness.ts';

interface Outcome {
  at: number;
  instance?: string;
  error?: string;
}

let cluster: Cluster;
let registry: Registry;
let transport: HttpTransport;

before(async () => {
  cluster = await launchFixtures(2);
  registry = await createRegistry('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
  transport = await HttpTransport.connect('fixture', registry, { healthIntervalMs: 500 });
});
after(async () => {
  await transport.close();
  await registry.close();
  await cluster.stop();
});

/** Eight callers in a loop, each call's answering instance or error recorded with its time, until stop(). */
function steadyLoad(client: Client<typeof FixtureContract>): { outcomes: Outcome[]; stop: () => Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const workers = Array.from({ length: 8 }, async () => {
    while (running) {
      try {
        const { instance } = await client.echo({ text: 'load' });
        outcomes.push({ at: Date.now(), instance });
      } catch (err) {
        outcomes.push({ at: Date.now(), error: (err as Error).message });
        await sleep(5);
      }
    }
  });
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

test('a killed instance costs errors for at most 2 s, and a new instance takes traffic within 2 s', async () => {
  const client = createClient(FixtureContract, transport, { timeoutMs: 1000 });
  const [a, b] = cluster.instances();
  assert.ok(a && b);
  const ours = new Set([a.id, b.id]);
  assert.notEqual(
    await within(5000, async () => transport.known().filter((k) => ours.has(k.id) && k.fit).length === 2),
    undefined,
    'both instances discovered',
  );

  const load = steadyLoad(client);
  const { outcomes } = load;

  await sleep(1000);
  const killedAt = Date.now();
  await cluster.kill(a);
  await sleep(3000);
  const c = await startFixture(cluster);
  const startedAt = Date.now();
  const firstToNew = await within(2000, async () => outcomes.some((o) => o.at >= startedAt && o.instance === c.id));
  await sleep(500);
  await load.stop();

  const beforeKill = outcomes.filter((o) => o.at < killedAt);
  assert.ok(beforeKill.length > 50 && beforeKill.every((o) => !o.error), 'steady load succeeded before the kill');
  const lateErrors = outcomes.filter((o) => o.error && o.at > killedAt + 2000);
  assert.deepEqual(lateErrors, [], 'no errors later than 2 s after the kill');
  const afterEjection = outcomes.filter((o) => o.at > killedAt + 2000 && o.at < startedAt);
  assert.ok(afterEjection.length > 50, 'calls kept flowing after the kill');
  assert.ok(
    afterEjection.every((o) => o.instance === b.id),
    'the dead instance got no more calls',
  );
  assert.notEqual(firstToNew, undefined, 'the new instance received traffic within 2 s of starting');
});

test('an instance stopped with SIGTERM under load drains without failing a single call', async () => {
  const client = createClient(FixtureContract, transport, { timeoutMs: 1000 });
  const live = cluster.instances('fixture');
  assert.ok(live.length >= 2, 'two instances to share the load');
  const ours = new Set(live.map((i) => i.id));
  assert.notEqual(
    await within(5000, async () => transport.known().filter((k) => ours.has(k.id) && k.fit).length === live.length),
    undefined,
    'every instance discovered',
  );
  const [leaving, ...staying] = live;

  const load = steadyLoad(client);
  const { outcomes } = load;

  await sleep(1000);
  const leftAt = Date.now();
  // Deregisters first, then answers what is in flight (a late call gets a plain 503, which is retried elsewhere).
  assert.equal(await cluster.terminate(leaving!), 0, 'the instance exited cleanly');
  const exitedAt = Date.now();
  await sleep(1000);
  await load.stop();

  assert.ok(
    outcomes.some((o) => o.at < leftAt && o.instance === leaving!.id),
    'the leaving instance took traffic before',
  );
  assert.deepEqual(
    outcomes.filter((o) => o.error),
    [],
    'no call failed while the instance drained',
  );
  const afterExit = outcomes.filter((o) => o.at > exitedAt);
  assert.ok(afterExit.length > 50, 'calls kept flowing');
  assert.ok(
    afterExit.every((o) => staying.some((s) => s.id === o.instance)),
    'after it exited, only the others answered',
  );
});
