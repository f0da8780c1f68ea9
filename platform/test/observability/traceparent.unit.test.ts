// The request path reads a caller's traceparent with its own patterns, not the propagator's generic path; whatever
// the header holds, it must find the span context the W3C propagator finds, and refuse what the propagator refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { remoteSpanContext } from '../../src/observability/propagation.ts';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

const headers = [
  `00-${traceId}-${spanId}-01`,
  `00-${traceId}-${spanId}-00`,
  `00-${traceId}-${spanId}-ff`,
  `00-${traceId.toUpperCase()}-${spanId}-01`,
  `00-${traceId}-${spanId.toUpperCase()}-01`,
  `00-${traceId}-${spanId}-0G`,
  `00-${'0'.repeat(32)}-${spanId}-01`,
  `00-${traceId}-${'0'.repeat(16)}-01`,
  `00-${traceId}-${spanId}-01-extra`,
  `01-${traceId}-${spanId}-01`,
  `01-${traceId}-${spanId}-01-what-the-future-adds`,
  `ff-${traceId}-${spanId}-01`,
  ` 00-${traceId}-${spanId}-01`,
  `00-${traceId}-${spanId}-01 `,
  `00_${traceId}-${spanId}-01`,
  `00-${traceId}_${spanId}-01`,
  `00-${traceId}-${spanId}_01`,
  `00-${traceId.slice(1)}x-${spanId}-01`,
  `00-${traceId}-${spanId}-1`,
  '',
  'not-a-trace',
];

test('a traceparent is read as the W3C propagator reads it, whatever it holds', () => {
  const propagator = new W3CTraceContextPropagator();
  for (const traceparent of headers) {
    const expected = trace.getSpanContext(
      propagator.extract(ROOT_CONTEXT, { traceparent }, { get: (c, k) => c[k as 'traceparent'], keys: Object.keys }),
    );
    const seen = remoteSpanContext({ traceparent });
    assert.deepEqual(seen ?? undefined, expected, `traceparent "${traceparent}"`);
  }
});

test('without a traceparent there is no caller, and tracestate or baggage leave it to the propagator', () => {
  assert.equal(remoteSpanContext({}), null);
  assert.equal(remoteSpanContext({ traceparent: `00-${traceId}-${spanId}-01`, tracestate: 'a=1' }), undefined);
  assert.equal(remoteSpanContext({ traceparent: `00-${traceId}-${spanId}-01`, baggage: 'k=v' }), undefined);
});
