// The RPC fast path answers well-formed calls straight from Node's server; everything else goes on to the
// Fastify route of the same method. Whichever path a call takes, its answer must be the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { Pool } from 'undici';
import { defineContract, MallError } from '@mall/contracts';
import { createLogger, Health, metrics, startTracing, type TracingHandle } from '@mall/platform/observability';
import { createRegistry } from '@mall/platform/registry';
import { bindService, callScope, createClient, HttpTransport, serveContract } from '@mall/platform/rpc';
import { createHttpApp } from '@mall/platform/runtime';
import type { FastifyInstance } from 'fastify';

const FastContract = defineContract('fastpath', {
  echo: {
    input: Type.Object(
      { text: Type.String({ maxLength: 100 }), times: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })) },
      { additionalProperties: false },
    ),
    output: Type.Object({ text: Type.String(), requestId: Type.String() }),
    idempotent: true,
  },
  refuse: {
    input: Type.Object({ reason: Type.String() }, { additionalProperties: false }),
    output: Type.Object({}),
    errors: { FASTPATH_REFUSED: 422 },
    idempotent: true,
  },
  crash: {
    input: Type.Object({}, { additionalProperties: false }),
    output: Type.Object({}),
    idempotent: false,
  },
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>;
}

describe('RPC fast path', () => {
  let app: FastifyInstance;
  let pool: Pool;
  let tracing: TracingHandle;
  /** Requests Fastify saw: the fast path leaves this alone. */
  let fastifyRequests = 0;
  const unexpected: unknown[] = [];

  before(async () => {
    tracing = await startTracing({ service: 'fastpath-test' });
    const log = createLogger({ service: 'fastpath', level: 'silent' });
    app = await createHttpApp({ service: 'fastpath', health: new Health(), log, bodyLimit: 2048 });
    app.addHook('onRequest', (_request, _reply, done) => {
      fastifyRequests += 1;
      done();
    });
    const bound = bindService(
      FastContract,
      {
        echo: async (input, ctx) => ({
          text: input.text.repeat(input.times ?? 1),
          requestId: ctx.requestId,
          dropped: 'not in the contract',
        }),
        refuse: async (input) => {
          throw new MallError('FASTPATH_REFUSED', `refused: ${input.reason}`);
        },
        crash: async () => {
          throw new Error('a secret stack detail');
        },
      },
      { instanceId: 'fastpath-1', onUnexpectedError: (err) => unexpected.push(err) },
    );
    serveContract(app, bound);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    pool = new Pool(`http://127.0.0.1:${port}`, { connections: 2 });
  });

  after(async () => {
    await pool.close();
    await app.close();
    await tracing.shutdown();
  });

  /** POSTs `text` with a Content-Length (the fast path) or chunked (Fastify's route), counting what Fastify saw. */
  async function call(
    method: string,
    text: string,
    opts: { chunked?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer & { viaFastify: boolean }> {
    const before = fastifyRequests;
    const res = await pool.request({
      path: `/rpc/fastpath/${method}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: opts.chunked ? Readable.from([Buffer.from(text)]) : text,
    });
    const raw = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: raw ? JSON.parse(raw) : {}, viaFastify: fastifyRequests > before };
  }

  test('a well-formed call is answered without Fastify, shaped by the contract, in the request id it came with', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await call('echo', JSON.stringify({ text: 'ab', times: 2 }), {
      headers: { 'x-request-id': 'order-42', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    assert.equal(answer.viaFastify, false);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { text: 'abab', requestId: 'order-42' });
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('an answer carries back only the ids the server chose, on either path: the caller knows the ones it sent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const body = JSON.stringify({ text: 'a' });
    const ids = (answer: Answer) => [answer.headers['x-request-id'], answer.headers['x-trace-id']];
    for (const chunked of [false, true]) {
      const sentBoth = await call('echo', body, {
        chunked,
        headers: { 'x-request-id': 'order-42', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      assert.deepEqual(ids(sentBoth), [undefined, undefined], `chunked: ${chunked}`);
      const sentNone = await call('echo', body, { chunked });
      assert.match(String(sentNone.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(sentNone.headers['x-request-id'], sentNone.body.requestId);
      assert.match(String(sentNone.headers['x-trace-id']), /^[0-9a-f]{32}$/);
      const badId = await call('echo', body, {
        chunked,
        headers: { 'x-request-id': 'bad id\twith tab', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      assert.match(String(badId.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(badId.headers['x-trace-id'], undefined);
      const badTrace = await call('echo', body, { chunked, headers: { 'x-request-id': 'order-43', traceparent: 'not-a-trace' } });
      assert.equal(badTrace.headers['x-request-id'], undefined);
      assert.match(String(badTrace.headers['x-trace-id']), /^[0-9a-f]{32}$/);
      assert.notEqual(badTrace.headers['x-trace-id'], traceId);
      assert.deepEqual(
        [sentBoth, sentNone, badId, badTrace].map((a) => a.viaFastify),
        [chunked, chunked, chunked, chunked],
      );
    }
  });

  test('the typed client names every call: the request id of the call being served, or one of its own', async () => {
    const registry = await createRegistry('static', {
      services: { fastpath: [`http://127.0.0.1:${(app.server.address() as { port: number }).port}`] },
    });
    const transport = await HttpTransport.connect('fastpath', registry, { healthIntervalMs: 0 });
    try {
      const client = createClient(FastContract, transport);
      const [first, second] = [await client.echo({ text: 'a' }), await client.echo({ text: 'b' })];
      assert.match(first.requestId, /^[0-9a-f-]{36}$/);
      assert.notEqual(first.requestId, second.requestId);
      const inside = await callScope.run({ deadline: Date.now() + 5000, requestId: 'order-77' }, () => client.echo({ text: 'c' }));
      assert.equal(inside.requestId, 'order-77');
    } finally {
      await transport.close();
      await registry.close();
    }
  });

  test('every answer of the fast path is the answer of the Fastify route for the same request', async () => {
    const cases: Array<[method: string, body: string]> = [
      ['echo', JSON.stringify({ text: 'hello' })],
      ['echo', JSON.stringify({ text: 7 })],
      ['echo', JSON.stringify({ text: 'x', times: '2' })],
      ['echo', JSON.stringify({ text: 'x', extra: true })],
      ['echo', '{"text": "x",'],
      ['echo', '{"text": "x", "__proto__": {"admin": true}}'],
      ['echo', '{"text": "x", "constructor": {"prototype": {"admin": true}}}'],
      ['refuse', JSON.stringify({ reason: 'out of stock' })],
      ['crash', '{}'],
    ];
    for (const [method, body] of cases) {
      const fast = await call(method, body);
      const slow = await call(method, body, { chunked: true });
      assert.equal(fast.viaFastify, false, `${method} ${body} took the fast path`);
      assert.equal(slow.viaFastify, true, `${method} ${body} chunked went to Fastify`);
      assert.equal(fast.status, slow.status, `${method} ${body}: ${JSON.stringify(fast.body)} vs ${JSON.stringify(slow.body)}`);
      if (fast.status === 200) assert.deepEqual(fast.body, { ...slow.body, requestId: fast.body.requestId });
      else assert.equal(fast.body.error?.code, slow.body.error?.code, `${method} ${body}`);
    }
  });

  test('bad input and failures keep their codes: validation names the field, declared errors their status, the rest is INTERNAL without its message', async () => {
    const wrongType = await call('echo', JSON.stringify({ text: 7 }));
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.body.error?.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      (wrongType.body.error?.details as { fields: { path: string }[] }).fields.map((f) => f.path),
      ['/text'],
    );
    const malformed = await call('echo', '{"text":');
    assert.deepEqual([malformed.status, malformed.body.error?.code], [400, 'MALFORMED_JSON']);
    const poisoned = await call('echo', '{"text": "x", "__proto__": {"admin": true}}');
    assert.deepEqual([poisoned.status, poisoned.body.error?.code], [400, 'MALFORMED_JSON']);
    const refused = await call('refuse', JSON.stringify({ reason: 'no' }));
    assert.deepEqual([refused.status, refused.body.error?.code, refused.body.error?.message], [422, 'FASTPATH_REFUSED', 'refused: no']);
    const crashed = await call('crash', '{}');
    assert.deepEqual([crashed.status, crashed.body.error?.code], [500, 'INTERNAL']);
    assert.doesNotMatch(JSON.stringify(crashed.body), /secret/);
    assert.ok(
      unexpected.some((err) => (err as Error).message === 'a secret stack detail'),
      'the unexpected failure was reported',
    );
    for (const answer of [wrongType, malformed, poisoned, refused, crashed]) assert.equal(answer.viaFastify, false);
  });

  test('what the fast path does not take goes to Fastify: another media type, an oversized body, an unknown method', async () => {
    const text = await call('echo', JSON.stringify({ text: 'x' }), { headers: { 'content-type': 'application/xml' } });
    assert.deepEqual([text.viaFastify, text.status, text.body.error?.code], [true, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    const big = await call('echo', JSON.stringify({ text: 'x'.repeat(3000) }));
    assert.deepEqual([big.viaFastify, big.status, big.body.error?.code], [true, 413, 'PAYLOAD_TOO_LARGE']);
    const res = await pool.request({
      path: '/rpc/fastpath/nothing',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.statusCode, 404);
    assert.equal(((await res.body.json()) as Answer['body']).error?.code, 'NOT_FOUND');
  });

  test('fast-path calls are counted in the latency histogram by route and status', async () => {
    const count = async (status: string): Promise<number> => {
      const { values } = await metrics.httpServerDuration.get();
      const found = values.find(
        (v) =>
          (v as { metricName?: string }).metricName?.endsWith('_count') &&
          v.labels.service === 'fastpath' &&
          v.labels.route === '/rpc/fastpath/echo' &&
          v.labels.status_code === status,
      );
      return found?.value ?? 0;
    };
    const [ok, bad] = [await count('200'), await count('400')];
    await call('echo', JSON.stringify({ text: 'x' }));
    await call('echo', JSON.stringify({ text: 1 }));
    assert.deepEqual([await count('200'), await count('400')], [ok + 1, bad + 1]);
  });
});
