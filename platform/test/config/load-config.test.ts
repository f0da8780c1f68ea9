// loadConfig: layer order, env parsing, start-time validation, and live reload from both config center adapters.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'typebox';
import { EmbeddedConfigCenter, envVarName, EtcdConfigCenter, loadConfig, type ConfigCenter } from '../../src/config/index.ts';
import type { PlatformLog } from '../../src/observability/index.ts';
import { removeEtcdPrefix, sleep, uniqueName, waitFor } from './helpers.ts';

const OrderConfig = Type.Object({
  port: Type.Integer({ default: 3000, minimum: 1, maximum: 65535 }),
  logLevel: Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn')], { default: 'info' }),
  cacheEnabled: Type.Boolean({ default: true }),
  timeoutMinutes: Type.Number({ default: 15 }),
  tags: Type.Array(Type.String(), { default: [] }),
  db: Type.Object({
    poolSize: Type.Integer({ default: 5, minimum: 1 }),
    url: Type.String({ default: 'postgres://localhost/orders' }),
  }),
});

const noEnv = {};

interface LogLine {
  level: string;
  msg: string;
  data?: object;
}

function captureLog(): { lines: LogLine[]; log: PlatformLog } {
  const lines: LogLine[] = [];
  return { lines, log: (level, msg, data) => lines.push({ level, msg, data }) };
}

async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'mall-load-config-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('loadConfig layers', () => {
  test('schema defaults fill every setting nobody sets, including those in groups', async () => {
    const cfg = await loadConfig({ service: 'order', schema: OrderConfig, env: noEnv });
    assert.deepEqual(cfg.current, {
      port: 3000,
      logLevel: 'info',
      cacheEnabled: true,
      timeoutMinutes: 15,
      tags: [],
      db: { poolSize: 5, url: 'postgres://localhost/orders' },
    });
    await cfg.close();
  });

  test('the file overrides defaults, env overrides the file, the center overrides env', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'mall.json');
      await writeFile(file, JSON.stringify({ order: { port: 4001, timeoutMinutes: 30, db: { poolSize: 7 } } }));
      const center = new EmbeddedConfigCenter();
      await center.put('order', { port: 4003 });
      const env = { MALL_ORDER_PORT: '4002', MALL_ORDER_DB__POOL_SIZE: '9' };
      const cfg = await loadConfig({ service: 'order', schema: OrderConfig, file, env, center });
      assert.equal(cfg.current.port, 4003);
      assert.equal(cfg.current.timeoutMinutes, 30);
      assert.deepEqual(cfg.current.db, { poolSize: 9, url: 'postgres://localhost/orders' });
      await cfg.close();
      await center.close();
    });
  });

  test('shared "global" settings apply where the service section is silent, and settings of other services are ignored', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'mall.json');
      await writeFile(
        file,
        JSON.stringify({
          global: { logLevel: 'warn', port: 1111, jwtIssuer: 'for-gateway' },
          order: { port: 4001 },
          gateway: { port: 8080 },
        }),
      );
      const center = new EmbeddedConfigCenter();
      await center.put('global', { cacheEnabled: false, seckillBatch: 100 });
      const cfg = await loadConfig({ service: 'order', schema: OrderConfig, file, env: noEnv, center });
      assert.equal(cfg.current.logLevel, 'warn');
      assert.equal(cfg.current.port, 4001);
      assert.equal(cfg.current.cacheEnabled, false);
      await cfg.close();
      await center.close();
    });
  });

  test('the file path defaults to MALL_CONFIG_FILE', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'from-env.json');
      await writeFile(file, JSON.stringify({ order: { port: 5005 } }));
      const cfg = await loadConfig({ service: 'order', schema: OrderConfig, env: { MALL_CONFIG_FILE: file } });
      assert.equal(cfg.current.port, 5005);
      await cfg.close();
    });
  });

  test('the current configuration is deeply frozen', async () => {
    const cfg = await loadConfig({ service: 'order', schema: OrderConfig, env: noEnv });
    assert.ok(Object.isFrozen(cfg.current) && Object.isFrozen(cfg.current.db) && Object.isFrozen(cfg.current.tags));
    assert.throws(() => {
      (cfg.current as { port: number }).port = 1;
    }, TypeError);
    await cfg.close();
  });
});

describe('loadConfig environment variables', () => {
  test('variable names are MALL_<SERVICE>_<SETTING> in upper snake case, groups joined by a double underscore', () => {
    assert.equal(envVarName('order', ['db', 'poolSize']), 'MALL_ORDER_DB__POOL_SIZE');
    assert.equal(envVarName('order-timeout', ['timeoutMinutes']), 'MALL_ORDER_TIMEOUT_TIMEOUT_MINUTES');
    assert.equal(envVarName(undefined, ['jwksURL']), 'MALL_JWKS_URL');
  });

  test('env strings are parsed to the setting type: numbers, booleans, JSON arrays, union strings', async () => {
    const env = {
      MALL_ORDER_PORT: ' 8081 ',
      MALL_ORDER_CACHE_ENABLED: 'no',
      MALL_ORDER_TIMEOUT_MINUTES: '0.5',
      MALL_ORDER_TAGS: '["a","b"]',
      MALL_ORDER_LOG_LEVEL: 'debug',
      MALL_ORDER_DB__URL: 'postgres://db/orders',
    };
    const cfg = await loadConfig({ service: 'order', schema: OrderConfig, env });
    assert.equal(cfg.current.port, 8081);
    assert.equal(cfg.current.cacheEnabled, false);
    assert.equal(cfg.current.timeoutMinutes, 0.5);
    assert.deepEqual(cfg.current.tags, ['a', 'b']);
    assert.equal(cfg.current.logLevel, 'debug');
    assert.equal(cfg.current.db.url, 'postgres://db/orders');
    await cfg.close();
  });

  test('a shared MALL_<SETTING> applies to every service, and the service variable wins over it', async () => {
    const env = { MALL_LOG_LEVEL: 'warn', MALL_PORT: '9000', MALL_ORDER_PORT: '9001' };
    const cfg = await loadConfig({ service: 'order', schema: OrderConfig, env });
    assert.equal(cfg.current.logLevel, 'warn');
    assert.equal(cfg.current.port, 9001);
    await cfg.close();
  });
});

describe('loadConfig start-time validation', () => {
  test('an env value of the wrong type fails the start, naming the field and the variable', async () => {
    await assert.rejects(
      loadConfig({ service: 'order', schema: OrderConfig, env: { MALL_ORDER_PORT: 'eighty' } }),
      /invalid configuration for service "order": port must be integer \(from env MALL_ORDER_PORT\)/,
    );
  });

  test('a value outside its bounds fails the start, naming the field in its group', async () => {
    await assert.rejects(
      loadConfig({ service: 'order', schema: OrderConfig, env: { MALL_ORDER_DB__POOL_SIZE: '0' } }),
      /db\.poolSize must be >= 1 \(from env MALL_ORDER_DB__POOL_SIZE\)/,
    );
  });

  test('a value outside a union lists the allowed values', async () => {
    await assert.rejects(
      loadConfig({ service: 'order', schema: OrderConfig, env: { MALL_ORDER_LOG_LEVEL: 'loud' } }),
      /logLevel must be one of "debug", "info", "warn"/,
    );
  });

  test('an unknown setting in the service section fails the start, naming it and the file', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'mall.json');
      await writeFile(file, JSON.stringify({ order: { prot: 1, db: { poolsize: 3 } } }));
      const failure = loadConfig({ service: 'order', schema: OrderConfig, file, env: noEnv });
      await assert.rejects(failure, (err: Error) => {
        assert.match(err.message, new RegExp(`prot is not a known setting \\(from file ${file} \\[order\\]\\)`));
        assert.match(err.message, /db\.poolsize is not a known setting/);
        return true;
      });
    });
  });

  test('a required setting without a default fails the start when nobody sets it', async () => {
    const schema = Type.Object({ jwtSecret: Type.String({ minLength: 16 }) });
    await assert.rejects(loadConfig({ service: 'identity', schema, env: noEnv }), /jwtSecret is required/);
    const cfg = await loadConfig({ service: 'identity', schema, env: { MALL_IDENTITY_JWT_SECRET: 'a-secret-of-16-chars' } });
    assert.equal(cfg.current.jwtSecret, 'a-secret-of-16-chars');
    await cfg.close();
  });

  test('a missing or malformed config file fails the start, naming the file', async () => {
    await withTempDir(async (dir) => {
      const missing = join(dir, 'missing.json');
      await assert.rejects(
        loadConfig({ service: 'order', schema: OrderConfig, file: missing, env: noEnv }),
        new RegExp(`config file ${missing} cannot be read`),
      );
      const broken = join(dir, 'broken.json');
      await writeFile(broken, '{ "order": ');
      await assert.rejects(
        loadConfig({ service: 'order', schema: OrderConfig, file: broken, env: noEnv }),
        new RegExp(`config file ${broken} is not valid JSON`),
      );
    });
  });

  test('an invalid center document fails the start, and the failed start leaves no watch behind', async () => {
    const center = new EmbeddedConfigCenter();
    await center.put('order', { port: 'x' });
    await assert.rejects(
      loadConfig({ service: 'order', schema: OrderConfig, env: noEnv, center }),
      /port must be integer \(from config center key "order"\)/,
    );
    await center.put('order', ['not', 'an', 'object']);
    await assert.rejects(loadConfig({ service: 'order', schema: OrderConfig, env: noEnv, center }), /\(root\) must be a JSON object/);
    await center.close();
  });
});

// A root of its own keeps this run's 'global' key away from every other run on the same etcd; removed at the end.
const etcdRoot = `/mall-test/${uniqueName('load-config')}`;
after(() => removeEtcdPrefix(etcdRoot));

const centers: [string, () => ConfigCenter][] = [
  ['embedded', () => new EmbeddedConfigCenter()],
  ['etcd', () => new EtcdConfigCenter({ root: `${etcdRoot}/` })],
];

for (const [adapter, openCenter] of centers) {
  describe(`loadConfig hot reload from the ${adapter} config center`, () => {
    const center = openCenter();
    after(async () => {
      await center.close();
    });

    test('a change to the service key reaches current and onChange within a second', async () => {
      const service = uniqueName('svc');
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      const changes: [number, number][] = [];
      cfg.onChange((next, prev) => changes.push([next.port, prev.port]));
      const started = Date.now();
      await center.put(service, { port: 4100 });
      await waitFor('the reload', () => cfg.current.port === 4100, 1000);
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(changes, [[4100, 3000]]);
      assert.ok(Object.isFrozen(cfg.current));
      await cfg.close();
    });

    test('a change to the global key reloads too, and the service key still wins over it', async () => {
      const service = uniqueName('svc');
      await center.put(service, { port: 4200 });
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      await center.put('global', { port: 1, timeoutMinutes: 45 });
      await waitFor('the global reload', () => cfg.current.timeoutMinutes === 45, 1000);
      assert.equal(cfg.current.port, 4200);
      await center.delete('global');
      await waitFor('the global removal', () => cfg.current.timeoutMinutes === 15, 1000);
      await cfg.close();
    });

    test('an invalid change is refused with one error line naming key, field and reason, and the old config stays', async () => {
      const service = uniqueName('svc');
      const { lines, log } = captureLog();
      await center.put(service, { port: 4300 });
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log });
      let notified = 0;
      cfg.onChange(() => notified++);
      const before = cfg.current;
      const revision = await center.put(service, { port: 70000, colour: 'red' });
      await waitFor('the refusal', () => lines.some((line) => line.level === 'error'), 1000);
      const errors = lines.filter((line) => line.level === 'error');
      assert.equal(errors.length, 1);
      assert.match(errors[0]?.msg ?? '', new RegExp(`center key "${service}" revision ${revision}: .*port must be <= 65535`));
      assert.match(errors[0]?.msg ?? '', /colour is not a known setting/);
      assert.equal(cfg.current, before);
      assert.equal(notified, 0);

      await center.put(service, { port: 4301 });
      await waitFor('the next valid change', () => cfg.current.port === 4301, 1000);
      assert.equal(notified, 1);
      await cfg.close();
    });

    test('watch calls back with the selected slice only when that slice really changed', async () => {
      const service = uniqueName('svc');
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      const heard: [number, number][] = [];
      cfg.watch(
        (config) => config.db,
        (next, prev) => heard.push([next.poolSize, prev.poolSize]),
      );
      // Another setting changes: the db slice is the same, nothing is heard.
      await center.put(service, { port: 4600 });
      await waitFor('the port change', () => cfg.current.port === 4600, 1000);
      assert.deepEqual(heard, []);
      await center.put(service, { port: 4600, db: { poolSize: 7 } });
      await waitFor('the pool change', () => cfg.current.db.poolSize === 7, 1000);
      assert.deepEqual(heard, [[7, 5]]);
      // A new document with an equal db group (a fresh object, same values) is no change of the slice.
      await center.put(service, { port: 4601, db: { poolSize: 7, url: 'postgres://localhost/orders' } });
      await waitFor('the second port change', () => cfg.current.port === 4601, 1000);
      assert.deepEqual(heard, [[7, 5]]);
      await cfg.close();
    });

    test('a watch unsubscribed hears nothing more', async () => {
      const service = uniqueName('svc');
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      const heard: number[] = [];
      const unwatch = cfg.watch(
        (config) => config.port,
        (port) => heard.push(port),
      );
      await center.put(service, { port: 4700 });
      await waitFor('the first change', () => cfg.current.port === 4700, 1000);
      unwatch();
      await center.put(service, { port: 4701 });
      await waitFor('the second change', () => cfg.current.port === 4701, 1000);
      assert.deepEqual(heard, [4700]);
      await cfg.close();
    });

    test('a rollback through the center restores the earlier value live', async () => {
      const service = uniqueName('svc');
      const good = await center.put(service, { timeoutMinutes: 20 });
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      await center.put(service, { timeoutMinutes: 1 });
      await waitFor('the bad change', () => cfg.current.timeoutMinutes === 1, 1000);
      await center.rollback(service, good);
      await waitFor('the rollback', () => cfg.current.timeoutMinutes === 20, 1000);
      await cfg.close();
    });

    test('deleting the service key falls back to the lower layers', async () => {
      const service = uniqueName('svc');
      await center.put(service, { port: 4400 });
      const env = { [envVarName(service, ['port'])]: '4401' };
      const cfg = await loadConfig({ service, schema: OrderConfig, env, center, log: captureLog().log });
      assert.equal(cfg.current.port, 4400);
      await center.delete(service);
      await waitFor('the fallback', () => cfg.current.port === 4401, 1000);
      await cfg.close();
    });

    test('after close, changes in the center no longer reach the configuration', async () => {
      const service = uniqueName('svc');
      const cfg = await loadConfig({ service, schema: OrderConfig, env: noEnv, center, log: captureLog().log });
      await cfg.close();
      await center.put(service, { port: 4500 });
      await sleep(200);
      assert.equal(cfg.current.port, 3000);
    });
  });
}
