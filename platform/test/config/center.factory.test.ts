// createConfigCenter: the runtime picks the adapter by run mode, with etcd endpoints from MALL_ETCD_ENDPOINTS.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigCenter, EmbeddedConfigCenter, EtcdConfigCenter } from '../../src/config/index.ts';
import { DEFAULT_ETCD_ENDPOINT, etcdEndpoints } from '../../src/etcd/index.ts';
import { removeEtcdPrefix, uniqueName } from './helpers.ts';

describe('createConfigCenter', () => {
  test('etcd endpoints come from MALL_ETCD_ENDPOINTS, comma-separated, with a loopback default', () => {
    assert.deepEqual(etcdEndpoints({ MALL_ETCD_ENDPOINTS: 'http://a:2379, http://b:2379,' }), ['http://a:2379', 'http://b:2379']);
    assert.deepEqual(etcdEndpoints({}), [DEFAULT_ETCD_ENDPOINT]);
  });

  test('"etcd" gives a center on the etcd named by the environment', async () => {
    const center = await createConfigCenter('etcd', { env: { MALL_ETCD_ENDPOINTS: etcdEndpoints().join(',') } });
    assert.ok(center instanceof EtcdConfigCenter);
    const key = uniqueName('factory');
    try {
      const revision = await center.put(key, { ok: true });
      assert.deepEqual(await center.get(key), { key, value: { ok: true }, revision });
    } finally {
      await center.close();
      await removeEtcdPrefix(`/mall/config/${key}`);
      await removeEtcdPrefix(`/mall/config-history/${key}/`);
    }
  });

  test('"embedded" gives an in-process center, kept in the file when one is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mall-center-factory-'));
    try {
      const file = join(dir, 'center.json');
      const center = await createConfigCenter('embedded', { file });
      assert.ok(center instanceof EmbeddedConfigCenter);
      await center.put('global', { logLevel: 'warn' });
      await center.close();
      const reopened = await createConfigCenter('embedded', { file });
      assert.deepEqual((await reopened.get('global'))?.value, { logLevel: 'warn' });
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
