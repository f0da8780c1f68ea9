// W3C trace context crosses a real HTTP call between two Fastify apps on loopback, via undici.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import {
  Health,
  currentSpanId,
  currentTraceId,
  extractTraceContext,
  injectTraceHeaders,
  observabilityPlugin,
  startTracing,
  withSpan,
  type TracingHandle,
} from '../../src/observability/index.ts';
import { clearOtlpEnv, listen } from './helpers.ts';

interface Seen {
  traceId?: string;
  spanId?: string;
  body?: unknown;
}

describe('trace propagation over HTTP', () => {
  let tracing: TracingHandle;
  let dispatcher: Agent;
  let callee: FastifyInstance;
  let plainCallee: FastifyInstance;
  let caller: FastifyInstance;
  let calleeUrl: string;
  let plainCalleeUrl: string;
  let callerUrl: string;
  const deferredParses: (() => void)[] = [];
  let drainDeferred: NodeJS.Timeout | undefined;

  before(async () => {
    clearOtlpEnv();
    tracing = await startTracing({ service: 'propagation-test' });
    dispatcher = new Agent();

    // The callee relies on the plugin: its server span continues the caller's trace.
    callee = Fastify();
    await callee.register(observabilityPlugin({ service: 'inventory', health: new Health() }));
    // This parser finishes from a timer created outside any request, as pooled or batched parsers do.
    callee.addContentTypeParser('application/x-deferred', { parseAs: 'string' }, (_req, body, done) => {
      deferredParses.push(() => done(null, { deferred: body }));
    });
    drainDeferred = setInterval(() => deferredParses.splice(0).forEach((finish) => finish()), 5);
    callee.post('/reservations/:sku', async (req): Promise<Seen> => ({
      traceId: currentTraceId(),
      spanId: currentSpanId(),
      body: req.body,
    }));
    calleeUrl = await listen(callee);

    // The plain callee has no plugin: it extracts the context itself.
    plainCallee = Fastify();
    plainCallee.get('/ping', async (req): Promise<Seen> =>
      withSpan('ping', { kind: 'server', parent: extractTraceContext(req.headers) }, async () => ({
        traceId: currentTraceId(),
        spanId: currentSpanId(),
      })),
    );
    plainCalleeUrl = await listen(plainCallee);

    caller = Fastify();
    await caller.register(observabilityPlugin({ service: 'order', health: new Health() }));
    caller.get('/checkout', async () => {
      const res = await request(`${calleeUrl}/reservations/sku-7`, {
        method: 'POST',
        dispatcher,
        headers: injectTraceHeaders({ 'content-type': 'application/json' }),
        body: JSON.stringify({ quantity: 2 }),
      });
      return { traceId: currentTraceId(), spanId: currentSpanId(), callee: await res.body.json() };
    });
    callerUrl = await listen(caller);
  });

  after(async () => {
    clearInterval(drainDeferred);
    await Promise.all([callee.close(), plainCallee.close(), caller.close()]);
    await dispatcher.close();
    await tracing.shutdown();
  });

  test('a traceparent injected by the caller continues the same trace in the callee, after its body is parsed', async () => {
    const res = await request(`${callerUrl}/checkout`, { dispatcher });
    const seen = (await res.body.json()) as Seen & { callee: Seen };
    assert.equal(res.statusCode, 200);
    assert.match(seen.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(res.headers['x-trace-id'], seen.traceId);
    assert.equal(seen.callee.traceId, seen.traceId);
    assert.notEqual(seen.callee.spanId, seen.spanId);
    assert.deepEqual(seen.callee.body, { quantity: 2 });
  });

  test('extractTraceContext continues the caller trace in a handler without the plugin', async () => {
    const seen = await withSpan('call ping', { kind: 'client' }, async () => {
      const res = await request(`${plainCalleeUrl}/ping`, { dispatcher, headers: injectTraceHeaders({}) });
      return { mine: currentTraceId(), theirs: (await res.body.json()) as Seen };
    });
    assert.ok(seen.mine);
    assert.equal(seen.theirs.traceId, seen.mine);
  });

  test('the handler runs inside the request span even when the body parser finishes in another async context', async () => {
    const res = await request(`${calleeUrl}/reservations/sku-9`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-deferred' },
      body: 'two units',
    });
    const seen = (await res.body.json()) as Seen;
    assert.deepEqual(seen.body, { deferred: 'two units' });
    assert.equal(seen.traceId, res.headers['x-trace-id']);
  });

  test('a request without trace headers starts a fresh trace per request', async () => {
    const first = await request(`${calleeUrl}/reservations/sku-1`, { method: 'POST', dispatcher });
    const second = await request(`${calleeUrl}/reservations/sku-1`, { method: 'POST', dispatcher });
    const [a, b] = [(await first.body.json()) as Seen, (await second.body.json()) as Seen];
    assert.match(a.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(a.traceId, b.traceId);
    assert.equal(first.headers['x-trace-id'], a.traceId);
  });

  test('a malformed traceparent is ignored and a new trace is started', async () => {
    const res = await request(`${calleeUrl}/reservations/sku-2`, { method: 'POST', dispatcher, headers: { traceparent: 'not-a-trace' } });
    const seen = (await res.body.json()) as Seen;
    assert.match(seen.traceId ?? '', /^[0-9a-f]{32}$/);
  });

  test('injectTraceHeaders copies the headers, adding traceparent only inside a span', async () => {
    const given = { 'x-idempotency-key': randomUUID() };
    const outside = injectTraceHeaders(given);
    assert.deepEqual(outside, given);
    const inside = await withSpan('outbound', { kind: 'producer' }, async () => ({
      headers: injectTraceHeaders(given),
      traceId: currentTraceId(),
      spanId: currentSpanId(),
    }));
    // Without an exporter spans are not recorded, so the sampled flag is off; the ids still travel.
    assert.equal(inside.headers.traceparent, `00-${inside.traceId}-${inside.spanId}-00`);
    assert.equal(inside.headers['x-idempotency-key'], given['x-idempotency-key']);
    assert.equal('traceparent' in given, false);
  });

  test('extractTraceContext reads headers case-insensitively and from arrays', async () => {
    const traceId = 'a'.repeat(32);
    for (const headers of [
      { Traceparent: `00-${traceId}-${'b'.repeat(16)}-01` },
      { traceparent: [`00-${traceId}-${'b'.repeat(16)}-01`] },
    ]) {
      const seen = await withSpan('continued', { kind: 'consumer', parent: extractTraceContext(headers) }, async () => currentTraceId());
      assert.equal(seen, traceId);
    }
  });

  test('probe routes answer without a server span or x-trace-id', async () => {
    const res = await request(`${calleeUrl}/healthz`, { dispatcher });
    await res.body.dump();
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-trace-id'], undefined);
  });

  test('the callee echoes an incoming x-request-id and generates one otherwise', async () => {
    const id = `req-${randomUUID()}`;
    const echoed = await request(`${calleeUrl}/reservations/sku-3`, { method: 'POST', dispatcher, headers: { 'x-request-id': id } });
    const generated = await request(`${calleeUrl}/reservations/sku-3`, {
      method: 'POST',
      dispatcher,
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    await Promise.all([echoed.body.dump(), generated.body.dump()]);
    assert.equal(echoed.headers['x-request-id'], id);
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});
