// A LatencyHistogram series counts into the same buckets, sum and count as prom-client's own observe(),
// so the exposition is identical whichever way a value was recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, Registry } from 'prom-client';
import { LatencyHistogram } from '../../src/observability/metrics.ts';

const buckets = [0.001, 0.01, 0.1, 1];
const values = [0.0005, 0.001, 0.002, 0.05, 0.1, 0.7, 3, 0];

function pair(): {
  fast: LatencyHistogram<'route' | 'status'>;
  reference: Histogram<'route' | 'status'>;
  fastText: () => Promise<string>;
  referenceText: () => Promise<string>;
} {
  const fastRegistry = new Registry();
  const referenceRegistry = new Registry();
  const config = { name: 'latency_seconds', help: 'latency', labelNames: ['route', 'status'] as const, buckets };
  const fast = new LatencyHistogram({ ...config, registers: [fastRegistry] });
  const reference = new Histogram({ ...config, registers: [referenceRegistry] });
  return { fast, reference, fastText: () => fastRegistry.metrics(), referenceText: () => referenceRegistry.metrics() };
}

test('a series exposes exactly what observe() with the same labels exposes, bucket by bucket', async () => {
  const { fast, reference, fastText, referenceText } = pair();
  const series = fast.series({ route: '/a', status: '200' });
  for (const v of values) {
    series.observe(v);
    reference.observe({ route: '/a', status: '200' }, v);
  }
  fast.observe({ route: '/b', status: '500' }, 0.2);
  reference.observe({ route: '/b', status: '500' }, 0.2);
  assert.equal(await fastText(), await referenceText());
  assert.match(await fastText(), /latency_seconds_count\{route="\/a",status="200"\} 8/);
});

test('a series and plain observe() of the same labels add up in one series', async () => {
  const { fast, fastText } = pair();
  fast.observe({ route: '/a', status: '200' }, 0.5);
  const series = fast.series({ route: '/a', status: '200' });
  series.observe(0.005);
  fast.observe({ route: '/a', status: '200' }, 0.005);
  const text = await fastText();
  assert.match(text, /latency_seconds_count\{route="\/a",status="200"\} 3/);
  assert.match(text, /latency_seconds_bucket\{le="0.01",route="\/a",status="200"\} 2/);
});

test('after reset() a series counts from zero again, into the series that is exported', async () => {
  const { fast, fastText } = pair();
  const series = fast.series({ route: '/a', status: '200' });
  series.observe(0.5);
  fast.reset();
  series.observe(0.05);
  const text = await fastText();
  assert.match(text, /latency_seconds_count\{route="\/a",status="200"\} 1/);
  assert.match(text, /latency_seconds_sum\{route="\/a",status="200"\} 0.05/);
});

test('a series nobody records into is not exported', async () => {
  const { fast, fastText } = pair();
  fast.series({ route: '/never', status: '200' });
  assert.doesNotMatch(await fastText(), /\/never/);
});
