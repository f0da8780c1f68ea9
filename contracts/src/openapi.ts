// Builds the OpenAPI 3.1 document of a list of edge routes. OpenAPI 3.1 schemas are JSON Schema,
// so TypeBox schemas go in as they are (as plain JSON).
import type { TSchema } from 'typebox';
import { ErrorResponse, type RouteDef } from './http.ts';

type Json = Record<string, unknown>;

const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string; description?: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Error: plain(ErrorResponse) },
      headers: rateLimitHeaders,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function operation(route: RouteDef): Json {
  const op: Json = { summary: route.summary, tags: route.tags, operationId: operationId(route) };
  if (!route.public) op.security = [{ bearer: [] }];
  const parameters = [...params(route.params, 'path'), ...params(route.query, 'query')];
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: plain(route.body) } } };
  const raw = route.rawBody;
  if (raw)
    op.requestBody = {
      required: true,
      description: `at most ${raw.maxBytes} bytes`,
      content: Object.fromEntries(
        raw.types.map((type) => [type, { schema: { type: 'string', format: 'binary', maxLength: raw.maxBytes } }]),
      ),
    };
  const responses: Json = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    if (status === '204' || status === '304') {
      responses[status] = { description: status === '204' ? 'no content' : 'not modified (If-None-Match named its ETag)' };
      continue;
    }
    if (route.rawResponse && Number(status) < 300) {
      const content = Object.fromEntries(route.rawResponse.types.map((type) => [type, { schema: plain(schema) }]));
      responses[status] = { description: `status ${status}`, content };
      continue;
    }
    const type = (schema as { type?: string }).type === 'string' ? 'text/plain' : 'application/json';
    responses[status] = { description: `status ${status}`, content: { [type]: { schema: plain(schema) } } };
  }
  for (const [code, status] of Object.entries(route.errors ?? {})) {
    const key = String(status);
    const existing = responses[key] as { description: string } | undefined;
    responses[key] = existing
      ? { ...existing, description: `${existing.description}, ${code}` }
      : { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  if (route.body || route.rawBody || route.query || route.params)
    responses['400'] ??= {
      description: 'VALIDATION_FAILED, MALFORMED_JSON',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  // Any route can fail unexpectedly; the body names no more than INTERNAL.
  responses['500'] ??= { description: 'INTERNAL', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  if (route.errors?.RATE_LIMITED !== undefined) documentRateLimits(responses);
  op.responses = responses;
  return op;
}

const headerRef = (name: string): Json => ({ $ref: `#/components/headers/${name}` });

/** The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers), sent on every answer the edge limits counted. */
const rateLimitHeaders: Json = {
  'RateLimit-Policy': {
    description: 'The quota that judged the request: its name, q requests per w seconds, e.g. `"perIp";q=100;w=1`.',
    schema: { type: 'string', maxLength: 300 },
  },
  RateLimit: {
    description: 'What is left of that quota: r requests, whole again (or, on a 429, worth a retry) in t seconds, e.g. `"perIp";r=99;t=1`.',
    schema: { type: 'string', maxLength: 300 },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying (on 429).',
    schema: { type: 'integer', minimum: 1, maximum: 86_400, format: 'int32' },
  },
};

function documentRateLimits(responses: Json): void {
  for (const [status, response] of Object.entries(responses)) {
    const headers: Json = { 'RateLimit-Policy': headerRef('RateLimit-Policy'), RateLimit: headerRef('RateLimit') };
    if (status === '429') headers['Retry-After'] = headerRef('Retry-After');
    responses[status] = { ...(response as Json), headers };
  }
}

function params(schema: TSchema | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const s = plain(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

/** `getApiMeAddressesById` for GET /api/me/addresses/:id: a path parameter is a word too, so ids stay unique. */
function operationId(route: RouteDef): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `by${p.charAt(1).toUpperCase()}${p.slice(2)}` : p));
  return [route.method.toLowerCase(), ...words.map((w) => w.replace(/[^A-Za-z0-9]/g, ''))]
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}
