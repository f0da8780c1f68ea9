// Runs the ConfigCenter conformance suite against etcd, plus what only a shared server can show:
// a second client sees changes and history, and documents sit under /mall/config/ as plain JSON.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdConfigCenter, type ConfigChange } from '../../src/config/index.ts';
import { connectEtcd, etcdEndpoints } from '../../src/etcd/index.ts';
import { configCenterConformance } from './center-conformance.ts';
import { removeEtcdPrefix, uniqueName, waitFor } from './helpers.ts';

// Documents and their history land under this run's own prefix, removed at the end.
const testRoot = `/mall-test/${uniqueName('center')}`;
after(() => removeEtcdPrefix(testRoot));

configCenterConformance('etcd', async (options) => new EtcdConfigCenter({ root: `${testRoot}/`, historyLimit: options?.historyLimit }));

describe('EtcdConfigCenter on a shared etcd', () => {
  const first = new EtcdConfigCenter({ root: `${testRoot}/` });
  const second = new EtcdConfigCenter({ root: `${testRoot}/` });
  after(async () => {
    await first.close();
    await second.close();
  });

  test('a change written by one client is watched and read, with its history, by another', async () => {
    const key = uniqueName('shared');
    const seen: ConfigChange[] = [];
    const stop = await second.watch(key, (change) => seen.push(change));
    const r1 = await first.put(key, { v: 1 });
    const r2 = await first.put(key, { v: 2 });
    await waitFor('both changes', () => seen.length === 2);
    await stop();
    assert.deepEqual(
      seen.map((change) => change.revision),
      [r1, r2],
    );
    assert.deepEqual(
      (await second.history(key)).map((entry) => entry.revision),
      [r2, r1],
    );
  });
});

describe('EtcdConfigCenter default layout', () => {
  // Keys of these tests go under the default roots; the unique prefix lets the end of the run remove them.
  const keyPrefix = uniqueName('layout');
  const center = new EtcdConfigCenter();
  const raw = connectEtcd(etcdEndpoints());
  after(async () => {
    await center.close();
    raw.close();
    await removeEtcdPrefix(`/mall/config/${keyPrefix}`);
    await removeEtcdPrefix(`/mall/config-history/${keyPrefix}`);
  });

  test('documents are stored under /mall/config/ as JSON text that etcdctl can read, history beside them', async () => {
    const key = `${keyPrefix}-doc`;
    await center.put(key, { port: 8080 });
    assert.equal(await raw.get(`/mall/config/${key}`).string(), '{"port":8080}');
    assert.equal(await raw.getAll().prefix(`/mall/config-history/${key}/`).count(), 1);
  });

  test('a center with another root does not see the default root', async () => {
    const key = `${keyPrefix}-isolated`;
    const other = new EtcdConfigCenter({ root: `${testRoot}-other/` });
    try {
      await center.put(key, 'default root');
      assert.equal(await other.get(key), undefined);
    } finally {
      await other.close();
    }
  });
});
