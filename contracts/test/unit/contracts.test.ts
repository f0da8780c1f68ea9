// The IDL helpers: contracts, events, errors and the OpenAPI document derived from routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import {
  buildOpenApi,
  defineContract,
  defineErrors,
  defineEvent,
  defineRoute,
  errorFromBody,
  MallError,
  statusOf,
  successStatus,
  validationFailed,
} from '../../src/index.ts';

test('a contract names each method with its service', () => {
  const c = defineContract('stock', { reserve: { input: Type.Object({}), output: Type.Object({}), idempotent: true } });
  assert.equal(c.methods.reserve.service, 'stock');
  assert.equal(c.methods.reserve.name, 'reserve');
});

test('badly named services, methods and event subjects are refused at definition time', () => {
  assert.throws(() => defineContract('Stock', {}), /lowerCamelCase/);
  assert.throws(
    () => defineContract('stock', { 'do-it': { input: Type.Object({}), output: Type.Object({}), idempotent: false } }),
    /lowerCamelCase/,
  );
  assert.throws(() => defineEvent({ subject: 'Order Placed', version: 1, payload: Type.Object({}) }), /subject/);
  assert.throws(() => defineEvent({ subject: 'order.placed', version: 0, payload: Type.Object({}) }), /version/);
});

test('kernel error codes carry their HTTP status; unknown codes are 500', () => {
  assert.equal(statusOf('NOT_FOUND'), 404);
  assert.equal(statusOf('RATE_LIMITED'), 429);
  assert.equal(statusOf('SOMETHING_ELSE'), 500);
  assert.equal(new MallError('CONFLICT', 'taken').status, 409);
});

test('an error body read from the wire keeps code, status and details; garbage becomes an error too', () => {
  const e = errorFromBody(409, { error: { code: 'EMAIL_TAKEN', message: 'taken', details: { field: 'email' } } });
  assert.deepEqual([e.code, e.status, e.details], ['EMAIL_TAKEN', 409, { field: 'email' }]);
  assert.equal(errorFromBody(502, '<html>').code, 'INTERNAL');
  assert.deepEqual(new MallError('NOT_FOUND', 'gone').toBody(), { error: { code: 'NOT_FOUND', message: 'gone' } });
});

test('the OpenAPI document lists routes with parameters, bodies, security and error responses', () => {
  const route = defineRoute({
    method: 'PATCH',
    path: '/api/me/addresses/:id',
    summary: 'Change an address',
    tags: ['me'],
    public: false,
    params: Type.Object({ id: Type.String() }),
    body: Type.Object({ city: Type.String() }),
    responses: { 200: Type.Object({ id: Type.String() }) },
    errors: { NOT_FOUND: 404 },
  });
  const doc = buildOpenApi([route], { title: 't', version: '1' }) as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  assert.equal(doc.openapi, '3.1.0');
  const op = doc.paths['/api/me/addresses/{id}']!.patch!;
  assert.deepEqual(op.security, [{ bearer: [] }]);
  assert.deepEqual(
    (op.parameters as { name: string; in: string }[]).map((p) => [p.name, p.in]),
    [['id', 'path']],
  );
  assert.ok((op.responses as Record<string, unknown>)['404']);
  assert.ok((op.responses as Record<string, unknown>)['400']);
  assert.ok(op.requestBody);
});

test('a 204 answer is documented without a body', () => {
  const route = defineRoute({
    method: 'DELETE',
    path: '/api/things/:id',
    summary: 'Delete',
    tags: ['t'],
    public: false,
    params: Type.Object({ id: Type.String() }),
    responses: { 204: Type.Null() },
  });
  const doc = buildOpenApi([route], { title: 't', version: '1' }) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  assert.deepEqual(doc.paths['/api/things/{id}']!.delete!.responses['204'], { description: 'no content' });
});

test('a route declares exactly one success status, the one its handler answers with', () => {
  const base = { method: 'GET' as const, path: '/api/things', summary: 'Things', tags: ['t'], public: true };
  assert.throws(() => defineRoute({ ...base, responses: { 200: Type.Null(), 201: Type.Null() } }), /exactly one 2xx/);
  assert.throws(() => defineRoute({ ...base, responses: { 503: Type.Null() } }), /exactly one 2xx/);
  assert.equal(successStatus(defineRoute({ ...base, responses: { 200: Type.Null(), 503: Type.Null() } })), 200);
});

test('validationFailed names every bad field in the message and in details.fields', () => {
  const e = validationFailed('body', [{ path: '/body/email', message: 'is required' }]);
  assert.deepEqual(
    [e.code, e.status, e.message, e.details],
    ['VALIDATION_FAILED', 400, 'invalid body: /body/email is required', { fields: [{ path: '/body/email', message: 'is required' }] }],
  );
});

test('a declared business code carries its declared status, so the thrower names the code only', () => {
  const errors = defineErrors({ ITEM_GONE: 410 });
  const e = errors.error('ITEM_GONE', 'gone');
  assert.deepEqual([e.code, e.status], ['ITEM_GONE', 410]);
});
