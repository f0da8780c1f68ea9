// Readiness turns 503 when a check fails, times out, or the instance drains; liveness stays 200.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { Health, observabilityPlugin, type ReadinessReport } from '../../src/observability/index.ts';
import { listen } from './helpers.ts';

describe('health and readiness', () => {
  let dispatcher: Agent;
  const apps: FastifyInstance[] = [];

  before(() => {
    dispatcher = new Agent();
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dispatcher.close();
  });

  async function serve(health: Health): Promise<string> {
    const app = Fastify();
    apps.push(app);
    await app.register(observabilityPlugin({ service: 'health-test', health }));
    return listen(app);
  }

  async function probe(url: string): Promise<{ status: number; body: ReadinessReport & { status: string } }> {
    const res = await request(url, { dispatcher });
    return { status: res.statusCode, body: (await res.body.json()) as ReadinessReport & { status: string } };
  }

  test('/readyz answers 200 with every check when all pass', async () => {
    const health = new Health();
    health.addReadiness('postgres', async () => undefined);
    health.addReadiness('redis', async () => undefined);
    const base = await serve(health);
    const { status, body } = await probe(`${base}/readyz`);
    assert.equal(status, 200);
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.postgres?.ok, true);
    assert.equal(body.checks.redis?.ok, true);
    assert.equal(typeof body.checks.redis?.ms, 'number');
  });

  test('/readyz answers 503 naming the failing check while /healthz stays 200', async () => {
    const health = new Health();
    let brokerUp = true;
    health.addReadiness('postgres', async () => undefined);
    health.addReadiness('nats', async () => {
      if (!brokerUp) throw new Error('nats connection closed');
    });
    const base = await serve(health);
    assert.equal((await probe(`${base}/readyz`)).status, 200);
    brokerUp = false;
    const { status, body } = await probe(`${base}/readyz`);
    assert.equal(status, 503);
    assert.equal(body.ok, false);
    assert.deepEqual(body.checks.nats && { ok: body.checks.nats.ok, error: body.checks.nats.error }, {
      ok: false,
      error: 'nats connection closed',
    });
    assert.equal(body.checks.postgres?.ok, true);
    const live = await probe(`${base}/healthz`);
    assert.equal(live.status, 200);
    assert.deepEqual(live.body, { status: 'ok' });
    brokerUp = true;
    assert.equal((await probe(`${base}/readyz`)).status, 200);
  });

  test('a check that outlives its timeout fails readiness and is told to stop', async () => {
    const health = new Health();
    let aborted = false;
    health.addReadiness(
      'etcd',
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
      { timeoutMs: 50 },
    );
    const base = await serve(health);
    const started = Date.now();
    const { status, body } = await probe(`${base}/readyz`);
    assert.equal(status, 503);
    assert.equal(body.checks.etcd?.error, 'timed out after 50 ms');
    assert.ok(Date.now() - started < 1_000, 'the probe answers soon after the timeout');
    assert.equal(aborted, true);
  });

  test('draining turns /readyz 503 without running the checks while /healthz stays 200', async () => {
    const health = new Health();
    let runs = 0;
    health.addReadiness('postgres', async () => {
      runs += 1;
    });
    const base = await serve(health);
    assert.equal((await probe(`${base}/readyz`)).status, 200);
    health.setDraining();
    const { status, body } = await probe(`${base}/readyz`);
    assert.equal(status, 503);
    assert.equal(body.draining, true);
    assert.equal(runs, 1);
    assert.equal((await probe(`${base}/healthz`)).status, 200);
  });

  test('a check that throws synchronously is reported as failed, not thrown', async () => {
    const health = new Health();
    health.addReadiness('config', () => {
      throw new Error('config not loaded');
    });
    const report = await health.ready();
    assert.equal(report.ok, false);
    assert.equal(report.checks.config?.error, 'config not loaded');
  });

  test('registering two checks under one name is refused', () => {
    const health = new Health();
    health.addReadiness('redis', async () => undefined);
    assert.throws(() => health.addReadiness('redis', async () => undefined), /already registered/);
  });
});
