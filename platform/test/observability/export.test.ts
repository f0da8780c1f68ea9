// Spans reach a real OTLP/HTTP receiver (JSON encoding); without an endpoint they are created but not exported.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Fastify from 'fastify';
import { Agent, request } from 'undici';
import {
  Health,
  currentTraceId,
  observabilityPlugin,
  resolveExportUrl,
  startTracing,
  withService,
  withSpan,
} from '../../src/observability/index.ts';
import { attributeMap, clearOtlpEnv, eventually, listen, startOtlpReceiver, type ExportedSpan } from './helpers.ts';

describe('span export over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  before(async () => {
    clearOtlpEnv();
    receiver = await startOtlpReceiver();
  });

  after(async () => {
    await receiver.close();
  });

  const named = (name: string) => () => receiver.spans.find((span: ExportedSpan) => span.name === name);

  test('a span is exported with its name, attributes, service and host resource', async () => {
    const tracing = await startTracing({ service: `export-host-${randomUUID()}`, otlpEndpoint: receiver.url });
    const name = `reserve stock ${randomUUID()}`;
    try {
      await withService('inventory', () =>
        withSpan(name, { kind: 'internal', attributes: { 'mall.sku': 'sku-1', quantity: 2 } }, async () => undefined),
      );
      await tracing.forceFlush();
      const span = await eventually(named(name));
      const attributes = attributeMap(span.attributes);
      assert.equal(attributes['mall.sku'], 'sku-1');
      assert.equal(Number(attributes.quantity), 2);
      assert.equal(attributes['mall.service'], 'inventory');
      assert.equal(span.resource['host.name'], hostname());
      assert.match(String(span.resource['service.name']), /^export-host-/);
    } finally {
      await tracing.shutdown();
    }
  });

  test('a failing span records the exception, has status ERROR and the error is rethrown', async () => {
    const tracing = await startTracing({ service: 'export-test', otlpEndpoint: receiver.url });
    const name = `charge card ${randomUUID()}`;
    try {
      await assert.rejects(
        withSpan(name, { kind: 'client' }, async () => {
          throw new Error('card declined');
        }),
        /card declined/,
      );
      await tracing.forceFlush();
      const span = await eventually(named(name));
      assert.equal(span.status?.code, 2);
      assert.equal(span.status?.message, 'card declined');
      const exception = span.events?.find((event) => event.name === 'exception');
      assert.equal(attributeMap(exception?.attributes ?? [])['exception.message'], 'card declined');
    } finally {
      await tracing.shutdown();
    }
  });

  test('a child span is exported in the trace of its parent', async () => {
    const tracing = await startTracing({ service: 'export-test', otlpEndpoint: receiver.url });
    const parentName = `place order ${randomUUID()}`;
    const childName = `price lines ${randomUUID()}`;
    try {
      await withSpan(parentName, { kind: 'server' }, () => withSpan(childName, { kind: 'internal' }, async () => undefined));
      await tracing.forceFlush();
      const [parent, child] = [await eventually(named(parentName)), await eventually(named(childName))];
      assert.equal(child.traceId, parent.traceId);
      assert.equal(child.parentSpanId, parent.spanId);
    } finally {
      await tracing.shutdown();
    }
  });

  test('the plugin exports a server span per request named by route, failing only on 5xx', async () => {
    const tracing = await startTracing({ service: 'export-test', otlpEndpoint: receiver.url });
    const app = Fastify();
    const dispatcher = new Agent();
    const route = `/orders-${randomUUID()}/:id`;
    try {
      await app.register(observabilityPlugin({ service: 'order', health: new Health() }));
      app.get(route, async (req, reply) => {
        const id = (req.params as { id: string }).id;
        if (id === 'missing') return reply.code(404).send({ code: 'NOT_FOUND' });
        if (id === 'broken') throw new Error('database gone');
        return withSpan(`load ${route}`, { kind: 'internal' }, async () => ({ id }));
      });
      const base = await listen(app);
      const requestIds: string[] = [];
      for (const id of ['o-1', 'missing', 'broken']) {
        const res = await request(`${base}${route.replace(':id', id)}`, { dispatcher });
        await res.body.dump();
        requestIds.push(String(res.headers['x-request-id']));
      }
      await tracing.forceFlush();
      const servers = await eventually(() => {
        const found = receiver.spans.filter((span) => span.name === `GET ${route}`);
        return found.length === 3 ? found : undefined;
      });
      const byRequest = new Map(servers.map((span) => [attributeMap(span.attributes)['mall.request_id'], span]));
      const [ok, missing, broken] = requestIds.map((id) => byRequest.get(id));
      assert.equal(attributeMap(ok?.attributes ?? [])['http.route'], route);
      assert.equal(attributeMap(ok?.attributes ?? [])['mall.service'], 'order');
      assert.equal(Number(attributeMap(missing?.attributes ?? [])['http.response.status_code']), 404);
      assert.notEqual(missing?.status?.code, 2);
      assert.equal(broken?.status?.code, 2);
      assert.ok(broken?.events?.some((event) => event.name === 'exception'));
      const inner = await eventually(named(`load ${route}`));
      assert.equal(inner.parentSpanId, ok?.spanId);
      assert.equal(attributeMap(inner.attributes)['mall.service'], 'order');
    } finally {
      await app.close();
      await dispatcher.close();
      await tracing.shutdown();
    }
  });

  test('a request the client aborts ends its server span as failed', async () => {
    const tracing = await startTracing({ service: 'export-test', otlpEndpoint: receiver.url });
    const app = Fastify();
    const dispatcher = new Agent();
    const route = `/slow-${randomUUID()}`;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await app.register(observabilityPlugin({ service: 'order', health: new Health() }));
      app.get(route, async () => {
        await released;
        return { ok: true };
      });
      const base = await listen(app);
      await assert.rejects(request(`${base}${route}`, { dispatcher, signal: AbortSignal.timeout(100) }));
      // The abort reaches the server a moment after the client gives up; flush until its span shows up.
      const span = await eventually(async () => {
        await tracing.forceFlush();
        return named(`GET ${route}`)();
      });
      assert.equal(span.status?.code, 2);
      assert.equal(span.status?.message, 'client aborted the request');
    } finally {
      release();
      await app.close();
      await dispatcher.close();
      await tracing.shutdown();
    }
  });

  test('shutting down the last holder flushes spans that were not exported yet', async () => {
    const first = await startTracing({ service: 'export-test', otlpEndpoint: receiver.url });
    const second = await startTracing({ service: 'ignored', otlpEndpoint: 'http://127.0.0.1:1' });
    const name = `cancel order ${randomUUID()}`;
    assert.equal(second.exportUrl, first.exportUrl);
    await withSpan(name, { kind: 'internal' }, async () => undefined);
    await first.shutdown();
    const stillTraced = await withSpan('after first shutdown', { kind: 'internal' }, async () => currentTraceId());
    assert.match(stillTraced ?? '', /^[0-9a-f]{32}$/);
    await second.shutdown();
    assert.ok(named(name)(), 'the span was exported by the final shutdown');
    const afterShutdown = await withSpan('after last shutdown', { kind: 'internal' }, async () => currentTraceId());
    assert.equal(afterShutdown, undefined);
  });

  test('without an endpoint spans still get trace ids but nothing is exported', async () => {
    const tracing = await startTracing({ service: 'export-test' });
    const name = `local only ${randomUUID()}`;
    assert.equal(tracing.exportUrl, undefined);
    const traceId = await withSpan(name, { kind: 'internal' }, async () => currentTraceId());
    await tracing.shutdown();
    assert.match(traceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(named(name)(), undefined);
  });

  test('the export URL comes from the option, then MALL_OTLP_ENDPOINT, then the OTEL variables', () => {
    try {
      assert.equal(resolveExportUrl('http://collector:4318/'), 'http://collector:4318/v1/traces');
      assert.equal(resolveExportUrl(), undefined);
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://otel:4318';
      assert.equal(resolveExportUrl(), 'http://otel:4318/v1/traces');
      process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = 'http://traces:4318/custom';
      assert.equal(resolveExportUrl(), 'http://traces:4318/custom');
      process.env.MALL_OTLP_ENDPOINT = 'http://mall:4318/v1/traces';
      assert.equal(resolveExportUrl(), 'http://mall:4318/v1/traces');
      assert.equal(resolveExportUrl('http://explicit:4318'), 'http://explicit:4318/v1/traces');
    } finally {
      clearOtlpEnv();
    }
  });
});
