// StaticRegistry: a fixed address book from configuration, as Kubernetes service DNS gives it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, StaticRegistry, staticServicesFromEnv, type ServiceInstance } from '../../src/registry/index.ts';

const services = {
  catalog: ['http://catalog.mall.svc:8080', 'catalog-2.mall.svc:8080'],
  cart: ['https://cart.mall.svc'],
};

describe('StaticRegistry', () => {
  test('lists the configured addresses as instances, plain host:port meaning http', async () => {
    const registry = new StaticRegistry(services);
    assert.deepEqual(await registry.instances('catalog'), [
      { service: 'catalog', id: 'catalog.mall.svc_8080', url: 'http://catalog.mall.svc:8080' },
      { service: 'catalog', id: 'catalog-2.mall.svc_8080', url: 'http://catalog-2.mall.svc:8080' },
    ]);
    assert.deepEqual(await registry.instances('cart'), [{ service: 'cart', id: 'cart.mall.svc', url: 'https://cart.mall.svc' }]);
    await registry.close();
  });

  test('a service that is not configured has no instances', async () => {
    const registry = new StaticRegistry(services);
    assert.deepEqual(await registry.instances('payment'), []);
    await registry.close();
  });

  test('register hands back a registration for the instance and changes nothing', async () => {
    const registry = new StaticRegistry(services);
    const instance = { service: 'catalog', id: 'pod-1', url: 'http://10.0.0.7:8080' };
    const registration = await registry.register(instance, { ttlSeconds: 5 });
    assert.deepEqual(registration.instance, instance);
    assert.equal((await registry.instances('catalog')).length, 2);
    await registration.close();
    assert.equal((await registry.instances('catalog')).length, 2);
    await assert.rejects(registry.register({ ...instance, url: 'nope' }), /must be an http\(s\) URL/);
    await registry.close();
  });

  test('watch reports the list once, since it never changes', async () => {
    const registry = new StaticRegistry(services);
    const reports: ServiceInstance[][] = [];
    const stop = await registry.watch('cart', (list) => reports.push(list));
    assert.deepEqual(reports, [[{ service: 'cart', id: 'cart.mall.svc', url: 'https://cart.mall.svc' }]]);
    await stop();
    await registry.close();
  });

  test('a closed static registry rejects calls', async () => {
    const registry = new StaticRegistry(services);
    await registry.close();
    await assert.rejects(registry.instances('cart'), /registry is closed/);
  });

  test('a malformed address fails at construction, naming it', () => {
    assert.throws(() => new StaticRegistry({ catalog: ['http://'] }), /Invalid URL|must be an http/);
    assert.throws(() => new StaticRegistry({ 'bad/name': ['catalog:80'] }), /service name must match/);
  });
});

describe('static services from the environment', () => {
  test('MALL_STATIC_SERVICES is read as JSON, and createRegistry("static") uses it', async () => {
    const env = { MALL_STATIC_SERVICES: JSON.stringify({ order: ['order.mall.svc:8080'] }) };
    assert.deepEqual(staticServicesFromEnv(env), { order: ['order.mall.svc:8080'] });
    const registry = await createRegistry('static', { env });
    assert.deepEqual(await registry.instances('order'), [
      { service: 'order', id: 'order.mall.svc_8080', url: 'http://order.mall.svc:8080' },
    ]);
    await registry.close();
  });

  test('an unset MALL_STATIC_SERVICES means no services, a malformed one fails clearly', () => {
    assert.deepEqual(staticServicesFromEnv({}), {});
    assert.throws(() => staticServicesFromEnv({ MALL_STATIC_SERVICES: '{order:' }), /MALL_STATIC_SERVICES is not valid JSON/);
    assert.throws(
      () => staticServicesFromEnv({ MALL_STATIC_SERVICES: '{"order":"x"}' }),
      /must be a JSON object of service name to an array/,
    );
  });
});
