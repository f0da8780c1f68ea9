// Hot reload with real processes: a value changed in etcd reaches every instance within 1 s, an
// invalid value is rejected everywhere (the old one stays), and a rollback restores the earlier value.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConfigCenter, type ConfigCenter } from '@mall/platform/config';
import type { Cluster, LaunchedInstance } from '@mall/platform/runtime';
import { serverEnv } from '../fixture/harness.ts';
import { callInstance, launchFixtures, sleep, within } from './harness.ts';

interface Settings {
  greeting: string;
  limit: number;
  instance: string;
}

let cluster: Cluster;
let center: ConfigCenter;

before(async () => {
  center = await createConfigCenter('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
  await center.delete('fixture');
  cluster = await launchFixtures(2);
});
after(async () => {
  await cluster.stop();
  await center.delete('fixture');
  await center.close();
});

async function everywhere(check: (s: Settings) => boolean): Promise<boolean> {
  const all = await Promise.all(cluster.instances().map((i: LaunchedInstance) => callInstance<Settings>(i, 'settings', {})));
  return all.length === 2 && all.every(check);
}

test('a change in etcd reaches every instance within 1 s; an invalid one is rejected; rollback restores', async () => {
  assert.ok(await everywhere((s) => s.greeting === 'hello' && s.limit === 10), 'instances start from the defaults');

  const first = `hi-${Date.now()}`;
  await center.put('fixture', { greeting: first, limit: 20 });
  const took = await within(1000, () => everywhere((s) => s.greeting === first && s.limit === 20));
  assert.notEqual(took, undefined, 'every instance applied the change within 1 s');

  await center.put('fixture', { greeting: 'second', limit: 30 });
  assert.notEqual(await within(1000, () => everywhere((s) => s.greeting === 'second' && s.limit === 30)), undefined);

  await center.put('fixture', { greeting: 'broken', limit: 'lots' });
  await sleep(1000);
  assert.ok(await everywhere((s) => s.greeting === 'second' && s.limit === 30), 'the invalid value was rejected and the old one kept');

  const history = await center.history('fixture');
  const earlier = history.find((e) => (e.value as { greeting?: string }).greeting === first);
  assert.ok(earlier, `history holds the first value: ${JSON.stringify(history)}`);
  await center.rollback('fixture', earlier.revision);
  assert.notEqual(
    await within(1000, () => everywhere((s) => s.greeting === first && s.limit === 20)),
    undefined,
    'rollback restored the earlier value everywhere',
  );
});
