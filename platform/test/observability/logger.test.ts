// Log lines are JSON, carry the service and, inside a span, the trace and span ids.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createLogger, currentSpanId, currentTraceId, startTracing, withSpan, type TracingHandle } from '../../src/observability/index.ts';
import { captureLines, clearOtlpEnv } from './helpers.ts';

describe('logger', () => {
  let tracing: TracingHandle;

  before(async () => {
    clearOtlpEnv();
    tracing = await startTracing({ service: 'logger-test' });
  });

  after(async () => {
    await tracing.shutdown();
  });

  test('log lines inside withSpan are JSON carrying the trace id and span id of that span', async () => {
    const { stream, lines } = captureLines();
    const logger = createLogger({ service: 'catalog', instance: 'catalog-1', destination: stream });
    const seen = await withSpan('load product', { kind: 'internal' }, async () => {
      logger.info({ sku: 'sku-1' }, 'product loaded');
      return { traceId: currentTraceId(), spanId: currentSpanId() };
    });
    const [line] = lines();
    assert.ok(seen.traceId && /^[0-9a-f]{32}$/.test(seen.traceId));
    assert.equal(line?.trace_id, seen.traceId);
    assert.equal(line?.span_id, seen.spanId);
    assert.equal(line?.service, 'catalog');
    assert.equal(line?.instance, 'catalog-1');
    assert.equal(line?.msg, 'product loaded');
    assert.equal(line?.sku, 'sku-1');
    assert.equal(line?.level, 'info');
  });

  test('a child logger created outside a span still stamps the ids of the span active when it logs', async () => {
    const { stream, lines } = captureLines();
    const child = createLogger({ service: 'order', destination: stream }).child({ orderId: randomUUID() });
    const traceId = await withSpan('place order', { kind: 'server' }, async () => {
      child.warn('stock is low');
      return currentTraceId();
    });
    assert.equal(lines()[0]?.trace_id, traceId);
  });

  test('log lines outside any span carry no trace id', () => {
    const { stream, lines } = captureLines();
    createLogger({ service: 'cart', destination: stream }).info('idle');
    const [line] = lines();
    assert.equal(line?.msg, 'idle');
    assert.equal('trace_id' in (line ?? {}), false);
    assert.equal('span_id' in (line ?? {}), false);
  });

  test('the level comes from MALL_LOG_LEVEL when not given and drops lower levels', () => {
    const previous = process.env.MALL_LOG_LEVEL;
    process.env.MALL_LOG_LEVEL = 'warn';
    try {
      const { stream, lines } = captureLines();
      const logger = createLogger({ service: 'payment', destination: stream });
      logger.info('hidden');
      logger.error('shown');
      assert.deepEqual(
        lines().map((line) => line.msg),
        ['shown'],
      );
      assert.equal(createLogger({ service: 'payment', level: 'debug', destination: stream }).level, 'debug');
    } finally {
      if (previous === undefined) delete process.env.MALL_LOG_LEVEL;
      else process.env.MALL_LOG_LEVEL = previous;
    }
  });

  test('passwords, tokens and authorization headers are redacted', () => {
    const { stream, lines } = captureLines();
    createLogger({ service: 'identity', destination: stream }).info(
      { password: 'hunter2', user: { token: 'abc' }, req: { headers: { authorization: 'Bearer x' } } },
      'login',
    );
    const text = JSON.stringify(lines()[0]);
    assert.doesNotMatch(text, /hunter2|"abc"|Bearer x/);
    assert.match(text, /\[redacted\]/);
  });
});
