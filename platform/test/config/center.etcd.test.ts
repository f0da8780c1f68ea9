// Runs the ConfigCenter conformance suite against etcd, plus what only a shared server can show:
// a second client sees changes and history, and documents sit under /mall/config/ as plain JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectEtcd, etcdEndpoints, EtcdConfigCenter, type ConfigChange } from '../../src/config/index.ts';
import { configCenterConformance } from './center-conformance.ts';
import { uniqueName, waitFor } from './helpers.ts';

configCenterConformance('etcd', async (options) => new EtcdConfigCenter({ historyLimit: options?.historyLimit }));

describe('EtcdConfigCenter on a shared etcd', () => {
  const first = new EtcdConfigCenter();
  const second = new EtcdConfigCenter();
  const raw = connectEtcd(etcdEndpoints());
  after(async () => {
    await first.close();
    await second.close();
    raw.close();
  });

  test('a change written by one client is watched and read, with its history, by another', async () => {
    const key = uniqueName('shared');
    const seen: ConfigChange[] = [];
    const stop = await second.watch(key, (change) => seen.push(change));
    const r1 = await first.put(key, { v: 1 });
    const r2 = await first.put(key, { v: 2 });
    await waitFor('both changes', () => seen.length === 2);
    await stop();
    assert.deepEqual(seen.map((change) => change.revision), [r1, r2]);
    assert.deepEqual((await second.history(key)).map((entry) => entry.revision), [r2, r1]);
  });

  test('documents are stored under /mall/config/ as JSON text that etcdctl can read', async () => {
    const key = uniqueName('layout');
    await first.put(key, { port: 8080 });
    assert.equal(await raw.get(`/mall/config/${key}`).string(), '{"port":8080}');
  });
});

describe('EtcdConfigCenter with its own root', () => {
  let center: EtcdConfigCenter;
  before(() => {
    center = new EtcdConfigCenter({ root: `/${uniqueName('root')}/` });
  });
  after(async () => {
    await center.close();
  });

  test('a center with another root does not see the default root', async () => {
    const key = uniqueName('isolated');
    const defaultCenter = new EtcdConfigCenter();
    try {
      await defaultCenter.put(key, 'default root');
      assert.equal(await center.get(key), undefined);
    } finally {
      await defaultCenter.close();
    }
  });
});
