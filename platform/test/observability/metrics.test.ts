// /metrics serves the kernel's metric families; request latency is counted by route pattern, never raw URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { Health, metrics, observabilityPlugin } from '../../src/observability/index.ts';
import { listen } from './helpers.ts';

describe('metrics', () => {
  let dispatcher: Agent;
  const apps: FastifyInstance[] = [];

  before(() => {
    dispatcher = new Agent();
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dispatcher.close();
  });

  // Each test labels its app with a unique service so counts never mix with another test's.
  async function serveCatalog(): Promise<{ base: string; service: string }> {
    const service = `catalog-${randomUUID()}`;
    const app = Fastify();
    apps.push(app);
    await app.register(observabilityPlugin({ service, health: new Health() }));
    app.get('/items/:id', async (req) => ({ id: (req.params as { id: string }).id }));
    await app.register(
      async (scoped) => {
        scoped.get('/brands/:brand', async () => ({ ok: true }));
      },
      { prefix: '/admin' },
    );
    return { base: await listen(app), service };
  }

  async function get(url: string): Promise<{ status: number; text: string; type: string }> {
    const res = await request(url, { dispatcher });
    return { status: res.statusCode, text: await res.body.text(), type: String(res.headers['content-type']) };
  }

  function countOf(text: string, service: string, route: string, status: string): number | undefined {
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('mall_http_server_duration_seconds_count{') &&
          l.includes(`service="${service}"`) &&
          l.includes(`route="${route}"`) &&
          l.includes(`status_code="${status}"`),
      );
    return line === undefined ? undefined : Number(line.split(' ').pop());
  }

  test('/metrics serves the kernel metric families and the process metrics in Prometheus text', async () => {
    const { base } = await serveCatalog();
    const target = `order-${randomUUID()}`;
    metrics.rpcClientRetries.inc({ target, method: 'reserveStock' });
    metrics.rpcBreakerState.set({ target, instance: 'i-1' }, 2);
    const { status, text, type } = await get(`${base}/metrics`);
    assert.equal(status, 200);
    assert.match(type, /^text\/plain/);
    for (const family of [
      'mall_http_server_duration_seconds histogram',
      'mall_rpc_client_duration_seconds histogram',
      'mall_rpc_client_retries_total counter',
      'mall_rpc_breaker_state gauge',
      'mall_bus_published_total counter',
      'mall_bus_handled_total counter',
      'mall_bus_dead_lettered_total counter',
      'mall_outbox_pending gauge',
      'process_cpu_user_seconds_total counter',
      'nodejs_eventloop_lag_seconds gauge',
    ]) {
      assert.ok(text.includes(`# TYPE ${family}`), `missing ${family}`);
    }
    assert.ok(text.includes(`mall_rpc_client_retries_total{target="${target}",method="reserveStock"} 1`));
    assert.ok(text.includes(`mall_rpc_breaker_state{target="${target}",instance="i-1"} 2`));
  });

  test('requests are counted under their route pattern, not their raw URL', async () => {
    const { base, service } = await serveCatalog();
    for (const id of ['1', '2', '3?fields=name']) await get(`${base}/items/${id}`);
    const { text } = await get(`${base}/metrics`);
    assert.equal(countOf(text, service, '/items/:id', '200'), 3);
    assert.equal(text.includes('route="/items/1"'), false);
  });

  test('routes registered inside an encapsulated plugin are measured too', async () => {
    const { base, service } = await serveCatalog();
    await get(`${base}/admin/brands/acme`);
    const { text } = await get(`${base}/metrics`);
    assert.equal(countOf(text, service, '/admin/brands/:brand', '200'), 1);
  });

  test('unknown URLs are counted under one unmatched route with their status', async () => {
    const { base, service } = await serveCatalog();
    await get(`${base}/no-such-page/${randomUUID()}`);
    await get(`${base}/no-such-page/${randomUUID()}`);
    const { text } = await get(`${base}/metrics`);
    assert.equal(countOf(text, service, 'unmatched', '404'), 2);
    assert.equal(text.includes('no-such-page'), false);
  });

  test('before tracing is started, responses carry an x-request-id but no x-trace-id', async () => {
    const { base } = await serveCatalog();
    const item = await request(`${base}/items/9`, { dispatcher });
    await item.body.dump();
    assert.match(String(item.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(item.headers['x-trace-id'], undefined);
  });
});
