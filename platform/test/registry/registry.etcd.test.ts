// Runs the Registry conformance suite against etcd, plus what only leases can show: an instance comes back by
// itself after its lease is revoked or etcd restarts, and a crashed process's instance expires with its TTL.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectEtcd, etcdEndpoints } from '../../src/etcd/index.ts';
import type { PlatformLog } from '../../src/observability/index.ts';
import { createRegistry, EtcdRegistry, type ServiceInstance } from '../../src/registry/index.ts';
import { sleep, uniqueName, waitFor } from '../config/helpers.ts';
import { PrivateEtcd } from './private-etcd.ts';
import { registryConformance } from './registry-conformance.ts';

/** Lease losses are expected in these tests; their warnings would only clutter the output. */
const quiet: PlatformLog = () => undefined;

registryConformance('etcd', async () => new EtcdRegistry({ log: quiet }));

/** Registers `instance` from a separate Node process and resolves once it has, so the test can kill that process. */
async function registerInChildProcess(instance: ServiceInstance, ttlSeconds: number): Promise<ChildProcess> {
  const registryModule = new URL('../../src/registry/index.ts', import.meta.url).href;
  const script = `
    const { EtcdRegistry } = await import(${JSON.stringify(registryModule)});
    await new EtcdRegistry().register(${JSON.stringify(instance)}, { ttlSeconds: ${ttlSeconds} });
    process.stdout.write('registered\\n');
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  assert.equal(line.toString().trim(), 'registered');
  return child;
}

async function leaseOf(raw: ReturnType<typeof connectEtcd>, key: string): Promise<string | undefined> {
  const res = await raw.get(key).exec();
  return res.kvs[0]?.lease;
}

describe('EtcdRegistry leases', () => {
  let registry: EtcdRegistry;
  const raw = connectEtcd(etcdEndpoints());
  before(() => {
    registry = new EtcdRegistry({ log: quiet });
  });
  after(async () => {
    await registry.close();
    raw.close();
  });

  test('an instance is stored at /mall/services/<service>/<id> as JSON, bound to a lease', async () => {
    const service = uniqueName('layout');
    const registration = await registry.register({ service, id: 'i1', url: 'http://127.0.0.1:42001' });
    const key = `/mall/services/${service}/i1`;
    assert.deepEqual(JSON.parse((await raw.get(key).string()) ?? 'null'), { service, id: 'i1', url: 'http://127.0.0.1:42001' });
    assert.notEqual(await leaseOf(raw, key), '0');
    await registration.close();
    assert.equal(await raw.get(key).string(), null);
  });

  test('when another client revokes the lease, the instance registers itself again under a new lease', async () => {
    const service = uniqueName('revoked');
    const registration = await registry.register({ service, id: 'i1', url: 'http://127.0.0.1:42002' }, { ttlSeconds: 2 });
    const key = `/mall/services/${service}/i1`;
    const firstLease = await leaseOf(raw, key);
    assert.ok(firstLease);
    await raw.leaseClient.leaseRevoke({ ID: firstLease });
    await waitFor(
      'the instance to come back under a new lease',
      async () => {
        const lease = await leaseOf(raw, key);
        return lease !== undefined && lease !== firstLease;
      },
      5000,
    );
    assert.deepEqual(
      (await registry.instances(service)).map((instance) => instance.id),
      ['i1'],
    );
    await registration.close();
    assert.deepEqual(await registry.instances(service), []);
  });

  test('the instance of a process that dies without deregistering expires with its TTL', async () => {
    const service = uniqueName('crashed');
    const reports: number[] = [];
    const stop = await registry.watch(service, (list) => reports.push(list.length));
    const child = await registerInChildProcess({ service, id: 'i1', url: 'http://127.0.0.1:42003' }, 2);
    await waitFor('the child process registration', () => reports.at(-1) === 1, 5000);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    await waitFor('the lease to expire', () => reports.at(-1) === 0, 6000);
    assert.deepEqual(reports, [0, 1, 0]);
    await stop();
  });

  test('createRegistry("etcd") connects to the endpoints named by MALL_ETCD_ENDPOINTS', async () => {
    const created = await createRegistry('etcd', { env: { MALL_ETCD_ENDPOINTS: ` ${etcdEndpoints().join(' , ')} ` }, log: quiet });
    const service = uniqueName('factory');
    const registration = await created.register({ service, id: 'i1', url: 'http://127.0.0.1:42004' });
    assert.deepEqual(
      (await registry.instances(service)).map((instance) => instance.id),
      ['i1'],
    );
    await registration.close();
    await created.close();
  });
});

describe('EtcdRegistry across an etcd restart', () => {
  let etcd: PrivateEtcd;
  before(async () => {
    etcd = await PrivateEtcd.create();
    await etcd.start();
  });
  after(async () => {
    await etcd.destroy();
  });

  test('after etcd is down longer than the TTL and comes back, the instance re-registers and watches resume', async () => {
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], log: quiet });
    const observer = new EtcdRegistry({ endpoints: [etcd.endpoint], log: quiet });
    const raw = connectEtcd([etcd.endpoint]);
    const key = '/mall/services/catalog/i1';
    try {
      const registration = await registry.register({ service: 'catalog', id: 'i1', url: 'http://127.0.0.1:42005' }, { ttlSeconds: 2 });
      const firstLease = await leaseOf(raw, key);
      const reports: ServiceInstance[][] = [];
      const stop = await observer.watch('catalog', (list) => reports.push(list));
      await etcd.kill();
      await sleep(5000); // past 2 x TTL: the client gives the lease up as lost
      await etcd.start();
      await waitFor(
        'the instance to be written again under a new lease',
        async () => {
          const lease = await leaseOf(raw, key).catch(() => undefined);
          return lease !== undefined && lease !== firstLease;
        },
        20_000,
      );
      await sleep(3000); // etcd restored the old lease with a fresh TTL; when it runs out it must not take the key along
      assert.deepEqual(
        (await observer.instances('catalog')).map((instance) => instance.id),
        ['i1'],
      );
      const later = await registry.register({ service: 'catalog', id: 'i2', url: 'http://127.0.0.1:42006' });
      await waitFor('the watch to report an instance added after the restart', () => reports.at(-1)?.length === 2, 10_000);
      await stop();
      await later.close();
      await registration.close();
    } finally {
      raw.close();
      await observer.close();
      await registry.close();
    }
  });
});
