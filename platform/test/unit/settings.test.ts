// The kernel's settings from the environment: defaults, parsing, and refusal of bad values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings } from '../../src/runtime/settings.ts';

test('defaults give an all-in-one process on 127.0.0.1:3000 with loopback servers', () => {
  const s = readSettings({});
  assert.equal(s.mode, 'embedded');
  assert.equal(s.port, 3000);
  assert.equal(s.host, '127.0.0.1');
  assert.deepEqual(s.etcdEndpoints, ['http://127.0.0.1:2379']);
  assert.equal(s.registry, 'etcd');
});

test('PORT, endpoints and static services are read from the environment', () => {
  const s = readSettings({
    PORT: '8080',
    MALL_MODE: 'real',
    MALL_ETCD_ENDPOINTS: 'http://a:2379, http://b:2379',
    MALL_REGISTRY: 'static',
    MALL_STATIC_SERVICES: 'catalog=http://catalog:3000,http://catalog-2:3000; order=http://order:3000',
  });
  assert.equal(s.port, 8080);
  assert.deepEqual(s.etcdEndpoints, ['http://a:2379', 'http://b:2379']);
  assert.deepEqual(s.staticServices, { catalog: ['http://catalog:3000', 'http://catalog-2:3000'], order: ['http://order:3000'] });
});

test('bad values are refused with the variable named, not guessed', () => {
  assert.throws(() => readSettings({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => readSettings({ PORT: '70000' }), /port/);
  assert.throws(() => readSettings({ MALL_MODE: 'cloud' }), /mode/);
  assert.throws(() => readSettings({ MALL_BALANCER: 'random' }), /balancer/);
  assert.throws(() => readSettings({ MALL_STATIC_SERVICES: 'catalog' }), /MALL_STATIC_SERVICES/);
});

test('MALL_TRUST_PROXY: nobody by default, every hop, or named proxies; a hop count or a bad address is refused', () => {
  assert.equal(readSettings({}).trustProxy, false);
  assert.equal(readSettings({ MALL_TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(readSettings({ MALL_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.deepEqual(readSettings({ MALL_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback, fd00::/8' }).trustProxy, [
    '10.0.0.0/8',
    '127.0.0.1',
    'loopback',
    'fd00::/8',
  ]);
  assert.throws(() => readSettings({ MALL_TRUST_PROXY: '2' }), /MALL_TRUST_PROXY: a hop count/);
  assert.throws(() => readSettings({ MALL_TRUST_PROXY: '10.0.0.0/33' }), /MALL_TRUST_PROXY: "10.0.0.0\/33"/);
  assert.throws(() => readSettings({ MALL_TRUST_PROXY: 'proxy.internal' }), /MALL_TRUST_PROXY: "proxy.internal"/);
});
