// The HTTP app every process serves answers every failure in one shape with a machine-readable code:
// validation (naming the fields, never coercing types), malformed JSON, oversized bodies, unknown routes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createHttpApp } from '@mall/platform/runtime';
import { createLogger, Health } from '@mall/platform/observability';

let app: FastifyInstance;
let created = 0;

before(async () => {
  app = await createHttpApp({
    service: 'edge-test',
    health: new Health(),
    log: createLogger({ service: 'edge-test', level: 'silent' }),
    bodyLimit: 1024,
  });
  const Body = Type.Object(
    { quantity: Type.Integer({ minimum: 1 }), sku: Type.String({ maxLength: 20 }) },
    { additionalProperties: false },
  );
  app.post('/items', { schema: { body: Body } }, async (_request, reply) => {
    created += 1;
    return reply.status(201).send({ ok: true });
  });
});
after(() => app.close());

const post = (payload: string, type = 'application/json') =>
  app.inject({ method: 'POST', url: '/items', headers: { 'content-type': type }, payload });
const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; details?: { fields: { path: string }[] } } }).error;

test('wrong JSON types are refused, not coerced, naming every field, and nothing is created', async () => {
  const res = await post('{"quantity":"2","sku":7}');
  assert.equal(res.statusCode, 400);
  const error = errorOf(res.body);
  assert.equal(error.code, 'VALIDATION_FAILED');
  assert.deepEqual(error.details?.fields.map((f) => f.path).sort(), ['/body/quantity', '/body/sku']);
  assert.equal(created, 0);
});

test('an unknown property is named', async () => {
  const res = await post('{"quantity":1,"sku":"a","price":0}');
  assert.equal(res.statusCode, 400);
  assert.deepEqual(
    errorOf(res.body).details?.fields.map((f) => f.path),
    ['/body/price'],
  );
  assert.equal(created, 0);
});

test('malformed JSON, an oversized body and a wrong content type get their own codes', async () => {
  const malformed = await post('{"quantity": ');
  assert.deepEqual([malformed.statusCode, errorOf(malformed.body).code], [400, 'MALFORMED_JSON']);
  const huge = await post(JSON.stringify({ quantity: 1, sku: 'x'.repeat(5000) }));
  assert.deepEqual([huge.statusCode, errorOf(huge.body).code], [413, 'PAYLOAD_TOO_LARGE']);
  const wrongType = await post('quantity=1', 'application/x-www-form-urlencoded');
  assert.deepEqual([wrongType.statusCode, errorOf(wrongType.body).code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
  assert.equal(created, 0);
});

test('an unknown route is 404 NOT_FOUND, and every answer carries a request id', async () => {
  const res = await app.inject({ method: 'GET', url: '/nowhere' });
  assert.deepEqual([res.statusCode, errorOf(res.body).code], [404, 'NOT_FOUND']);
  assert.match(String(res.headers['x-request-id']), /^[\w.:-]+$/);
  const ok = await post('{"quantity":1,"sku":"a"}');
  assert.equal(ok.statusCode, 201);
  assert.ok(ok.headers['x-request-id']);
  assert.equal(created, 1);
});
