// The cluster path of RPC over real HTTP: two fixture instances registered in etcd, a typed client
// that discovers them, balances, retries idempotent calls, ejects dead instances and honours deadlines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { request } from 'undici';
import { MallError } from '@mall/contracts';
import { metrics } from '@mall/platform/observability';
import { createRegistry, type Registry, type Registration } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client, type HttpTransportOptions } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { FixtureContract } from '../fixture/contract.ts';
import { serverEnv, startFixtureInstance, uniqueId } from '../fixture/harness.ts';

async function counterValue(
  metric: typeof metrics.rpcClientRetries | typeof metrics.rpcClientDuration,
  match: (labels: Record<string, unknown>) => boolean,
  suffix = '',
): Promise<number> {
  const { values } = await metric.get();
  return values
    .filter((v) => (suffix ? (v as { metricName?: string }).metricName?.endsWith(suffix) : true) && match(v.labels))
    .reduce((n, v) => n + v.value, 0);
}

async function freePortThatRefuses(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('RPC over HTTP between real instances', () => {
  const instances: RunningInstance[] = [];
  let registry: Registry;
  const transports: HttpTransport[] = [];
  let client: Client<typeof FixtureContract>;

  async function clientWith(opts: HttpTransportOptions = {}): Promise<Client<typeof FixtureContract>> {
    const transport = await HttpTransport.connect('fixture', registry, opts);
    transports.push(transport);
    return createClient(FixtureContract, transport);
  }

  async function waitForInstances(transport: HttpTransport, n: number): Promise<void> {
    for (let i = 0; i < 100 && transport.known().filter((k) => k.fit).length < n; i++) await new Promise((r) => setTimeout(r, 20));
  }

  before(async () => {
    instances.push(await startFixtureInstance(uniqueId('fixture-a')), await startFixtureInstance(uniqueId('fixture-b')));
    registry = await createRegistry('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
    client = await clientWith();
    await waitForInstances(client.transport as HttpTransport, 2);
  });
  after(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await registry.close();
    await Promise.all(instances.map((i) => i.shutdown('test over')));
  });

  test('round robin spreads calls over every instance', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 20; i++) {
      const { instance } = await client.echo({ text: 'x' });
      seen.set(instance, (seen.get(instance) ?? 0) + 1);
    }
    const ours = instances.map((i) => seen.get(i.instanceId) ?? 0);
    assert.ok(
      ours.every((n) => n >= 5),
      `spread: ${JSON.stringify([...seen])}`,
    );
  });

  test('power of two choices also reaches every instance', async () => {
    const p2c = await clientWith({ balancer: 'p2c' });
    await waitForInstances(p2c.transport as HttpTransport, 2);
    const seen = new Set<string>();
    await Promise.all(Array.from({ length: 40 }, async () => seen.add((await p2c.echo({ text: 'y' })).instance)));
    for (const i of instances) assert.ok(seen.has(i.instanceId), `missing ${i.instanceId}`);
  });

  test('bad input crosses the wire as VALIDATION_FAILED naming the field', async () => {
    const err = await client.echo({ text: ['no'] } as never).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal(err.status, 400);
    assert.deepEqual(
      (err.details as { fields: { path: string }[] }).fields.map((f) => f.path),
      ['/text'],
    );
  });

  test('malformed JSON and oversized bodies get 4xx with a code', async () => {
    const url = `${instances[0]!.url}/rpc/fixture/echo`;
    const malformed = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": ' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(((await malformed.body.json()) as { error: { code: string } }).error.code, 'MALFORMED_JSON');
    const huge = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(huge.statusCode, 413);
    assert.equal(((await huge.body.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
  });

  test('a declared business error keeps its code and status over the wire', async () => {
    const err = await client.refuse({ reason: 'not today' }).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.deepEqual([err.code, err.status, err.message], ['FIXTURE_REFUSED', 422, 'not today']);
  });

  test('the deadline travels with the call: a downstream call ends when the caller stops waiting', async () => {
    const innerBefore = await counterValue(
      metrics.rpcClientDuration,
      (l) => l.method === 'sleep' && l.outcome === 'DEADLINE_EXCEEDED',
      '_count',
    );
    const started = Date.now();
    const err = await client.relaySleep({ ms: 3000 }, { timeoutMs: 300 }).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'DEADLINE_EXCEEDED');
    assert.ok(Date.now() - started < 2000);
    // The instance's own call to sleep (timeout 60 s) was cut at the caller's deadline, not 60 s later.
    for (let i = 0; i < 50; i++) {
      if (
        (await counterValue(metrics.rpcClientDuration, (l) => l.method === 'sleep' && l.outcome === 'DEADLINE_EXCEEDED', '_count')) >
        innerBefore
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('the downstream call did not end at the propagated deadline');
  });

  test('a registered instance that refuses connections is ejected and idempotent calls still succeed', async () => {
    const port = await freePortThatRefuses();
    const ghost: Registration = await registry.register({ service: 'fixture', id: uniqueId('ghost'), url: `http://127.0.0.1:${port}` });
    try {
      const c = await clientWith({ healthIntervalMs: 0 });
      for (let i = 0; i < 100 && (c.transport as HttpTransport).known().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((c.transport as HttpTransport).known().length, 3);
      for (let i = 0; i < 12; i++) assert.equal((await c.echo({ text: 'ok' })).text, 'ok');
      const ghostState = (c.transport as HttpTransport).known().find((k) => k.id === ghost.instance.id);
      assert.equal(ghostState?.fit, false, 'the dead instance is out of rotation');
    } finally {
      await ghost.close();
    }
  });

  test('a non-idempotent call that failed after it was sent is not retried', async () => {
    const before = await counterValue(metrics.rpcClientRetries, (l) => l.method === 'crash');
    const err = await client.crash({}).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'INTERNAL');
    assert.equal(await counterValue(metrics.rpcClientRetries, (l) => l.method === 'crash'), before);
  });

  test('consecutive instance failures open the circuit, which closes again after a pause', async () => {
    const c = await clientWith({ breakerFailures: 2, breakerHalfOpenAfterMs: 300, healthIntervalMs: 0 });
    await waitForInstances(c.transport as HttpTransport, 2);
    for (let i = 0; i < 4; i++) await c.crash({}).catch(() => undefined);
    const err = await c.echo({ text: 'x' }).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'UNAVAILABLE');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await c.echo({ text: 'back' })).text, 'back');
  });
});
