// The public API is bounded and unambiguous (OWASP API4): every string, array and integer a client sends
// or reads in the gateway's OpenAPI document has its bounds, and every operation a unique operationId.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { buildOpenApi, defineRoute, type RouteDef } from '../../src/index.ts';
import { gatewayRoutes } from '../../src/gateway.ts';

type Json = Record<string, unknown>;

/** Every unbounded field of a schema, by its place: a string without maxLength, an array without maxItems, an integer without minimum, maximum or format. */
function unbounded(schema: unknown, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => unbounded(s, `${at}/${i}`));
  const s = schema as Json;
  const found: string[] = [];
  const fixed = 'const' in s || 'enum' in s;
  if (s.type === 'string' && !fixed && s.maxLength === undefined) found.push(`${at}: string without maxLength`);
  if (s.type === 'array' && s.maxItems === undefined) found.push(`${at}: array without maxItems`);
  if (s.type === 'integer' && !fixed) {
    for (const key of ['minimum', 'maximum', 'format']) if (s[key] === undefined) found.push(`${at}: integer without ${key}`);
  }
  for (const [key, value] of Object.entries(s)) if (typeof value === 'object') found.push(...unbounded(value, `${at}/${key}`));
  return found;
}

/** The unbounded fields and repeated operationIds of an OpenAPI document. */
function problemsOf(doc: Json): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(operations)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = op.operationId as string;
      if (ids.has(id)) problems.push(`${where}: operationId ${id} is also ${ids.get(id)}'s`);
      ids.set(id, where);
      problems.push(
        ...unbounded(op.parameters, `${where} parameters`),
        ...unbounded(op.requestBody, `${where} body`),
        ...unbounded(op.responses, `${where} responses`),
      );
    }
  }
  problems.push(...unbounded(doc.components, 'components'));
  return problems;
}

const document = (routes: RouteDef[]): Json => buildOpenApi(routes, { title: 'Mall gateway', version: 'test' });

test('every string, array and integer of the public API is bounded, and every operationId unique', () => {
  assert.deepEqual(problemsOf(document(gatewayRoutes)), []);
});

test('an unbounded field or a repeated operationId fails the check', () => {
  const loose = defineRoute({
    method: 'POST',
    path: '/api/loose',
    summary: 'Deliberately unbounded',
    tags: ['t'],
    public: true,
    body: Type.Object({ note: Type.String(), tags: Type.Array(Type.String({ maxLength: 10 })), count: Type.Integer({ minimum: 0 }) }),
    responses: { 200: Type.Null() },
  });
  const problems = problemsOf(document([...gatewayRoutes, loose, { ...loose, path: '/api/lo-ose' }]));
  for (const expected of [
    /note: string without maxLength/,
    /tags: array without maxItems/,
    /count: integer without maximum/,
    /count: integer without format/,
    /operationId postApiLoose/,
  ]) {
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${expected} in ${problems.join('\n')}`,
    );
  }
});
