// The Registry conformance suite: the behaviour demanded of every dynamic adapter (etcd and embedded).
// `open` returns registries that share one backing store, as processes sharing one etcd do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Registry, ServiceInstance } from '../../src/registry/index.ts';
import { sleep, uniqueName, waitFor } from '../config/helpers.ts';

export type OpenRegistry = () => Promise<Registry>;

function instance(service: string, id: string, port: number, meta?: Record<string, string>): ServiceInstance {
  return meta ? { service, id, url: `http://127.0.0.1:${port}`, meta } : { service, id, url: `http://127.0.0.1:${port}` };
}

function ids(instances: readonly ServiceInstance[]): string[] {
  return instances.map((one) => one.id);
}

export function registryConformance(adapter: string, open: OpenRegistry): void {
  describe(`Registry conformance: ${adapter}`, () => {
    let registry: Registry;
    before(async () => {
      registry = await open();
    });
    after(async () => {
      await registry.close();
    });

    test('a registered instance is listed with its url and meta', async () => {
      const service = uniqueName('catalog');
      const registration = await registry.register(instance(service, 'i1', 41001, { zone: 'a', version: '1.2.0' }));
      assert.deepEqual(registration.instance, instance(service, 'i1', 41001, { zone: 'a', version: '1.2.0' }));
      assert.deepEqual(await registry.instances(service), [instance(service, 'i1', 41001, { zone: 'a', version: '1.2.0' })]);
      await registration.close();
    });

    test('instances are listed sorted by id, and only those of the service asked for', async () => {
      const service = uniqueName('cart');
      const registrations = [
        await registry.register(instance(service, 'b', 41002)),
        await registry.register(instance(service, 'a', 41003)),
        await registry.register(instance(`${service}x`, 'other', 41004)),
      ];
      assert.deepEqual(ids(await registry.instances(service)), ['a', 'b']);
      assert.deepEqual(await registry.instances(uniqueName('nobody')), []);
      await Promise.all(registrations.map((registration) => registration.close()));
    });

    test('closing a registration removes the instance, and closing it twice is harmless', async () => {
      const service = uniqueName('order');
      const registration = await registry.register(instance(service, 'i1', 41005));
      await registration.close();
      assert.deepEqual(await registry.instances(service), []);
      await registration.close();
    });

    test('registering an id again replaces its address, and closing the old registration leaves the new one', async () => {
      const service = uniqueName('payment');
      const old = await registry.register(instance(service, 'i1', 41006));
      const replacement = await registry.register(instance(service, 'i1', 41007));
      assert.deepEqual(await registry.instances(service), [instance(service, 'i1', 41007)]);
      await old.close();
      assert.deepEqual(await registry.instances(service), [instance(service, 'i1', 41007)]);
      await replacement.close();
      assert.deepEqual(await registry.instances(service), []);
    });

    test('watch reports the current list at once, then every addition and removal', async () => {
      const service = uniqueName('inventory');
      const first = await registry.register(instance(service, 'i1', 41008));
      const reports: string[][] = [];
      const stop = await registry.watch(service, (list) => reports.push(ids(list)));
      assert.deepEqual(reports, [['i1']]);
      const second = await registry.register(instance(service, 'i2', 41009));
      await waitFor('the addition', () => reports.length === 2);
      await first.close();
      await waitFor('the removal', () => reports.length === 3);
      await second.close();
      await waitFor('the last removal', () => reports.length === 4);
      await stop();
      assert.deepEqual(reports, [['i1'], ['i1', 'i2'], ['i2'], []]);
    });

    test('after unsubscribe a watcher hears nothing more', async () => {
      const service = uniqueName('seckill');
      const reports: ServiceInstance[][] = [];
      const stop = await registry.watch(service, (list) => reports.push(list));
      await stop();
      const registration = await registry.register(instance(service, 'i1', 41010));
      await sleep(150);
      assert.deepEqual(reports, [[]]);
      await registration.close();
    });

    test('two registries see each other: listing and watching cross between them', async () => {
      const service = uniqueName('identity');
      const other = await open();
      try {
        const reports: string[][] = [];
        const stop = await registry.watch(service, (list) => reports.push(ids(list)));
        const remote = await other.register(instance(service, 'remote', 41011));
        await waitFor('the remote instance', () => reports.at(-1)?.includes('remote') === true);
        assert.deepEqual(ids(await registry.instances(service)), ['remote']);
        const local = await registry.register(instance(service, 'local', 41012));
        assert.deepEqual(ids(await other.instances(service)), ['local', 'remote']);
        await remote.close();
        await waitFor('the remote removal', () => reports.at(-1)?.join() === 'local');
        await stop();
        await local.close();
      } finally {
        await other.close();
      }
    });

    test('closing a registry deregisters its instances and stops its watches', async () => {
      const service = uniqueName('notification');
      const closing = await open();
      const reports: string[][] = [];
      await closing.register(instance(service, 'i1', 41013));
      await closing.register(instance(service, 'i2', 41014));
      await closing.watch(service, (list) => reports.push(ids(list)));
      assert.deepEqual(ids(await registry.instances(service)), ['i1', 'i2']);
      await closing.close();
      assert.deepEqual(await registry.instances(service), []);
      const later = await registry.register(instance(service, 'i3', 41015));
      await sleep(150);
      assert.deepEqual(reports, [['i1', 'i2']]);
      await assert.rejects(closing.instances(service), /registry is closed/);
      await assert.rejects(closing.register(instance(service, 'i4', 41016)), /registry is closed/);
      await later.close();
    });

    test('an instance with an unsafe id, service name or url is refused', async () => {
      const service = uniqueName('gateway');
      await assert.rejects(registry.register(instance(service, 'a/b', 41017)), /instance id must match/);
      await assert.rejects(registry.register(instance('bad/service', 'i1', 41017)), /service name must match/);
      await assert.rejects(registry.register({ service, id: 'i1', url: 'not a url' }), /must be an http\(s\) URL/);
      assert.deepEqual(await registry.instances(service), []);
    });
  });
}
