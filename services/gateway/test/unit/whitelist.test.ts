// The public-route whitelist: which "METHOD /path" patterns make which routes reachable without a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPublicRoutes } from '../../src/config.ts';
import { Whitelist } from '../../src/domain/whitelist.ts';

test('an exact entry opens that method on that route only', () => {
  const w = new Whitelist(['POST /api/auth/login']);
  assert.equal(w.allows('POST', '/api/auth/login'), true);
  assert.equal(w.allows('GET', '/api/auth/login'), false);
  assert.equal(w.allows('POST', '/api/auth/login2'), false);
  assert.equal(w.allows('POST', '/api/auth'), false);
});

test('* as method opens every method; a trailing * opens everything below a prefix', () => {
  const w = new Whitelist(['* /api/products*']);
  for (const route of ['/api/products', '/api/products/:id', '/api/products/:id/reviews'])
    assert.equal(w.allows('DELETE', route), true, route);
  assert.equal(w.allows('GET', '/api/me'), false);
});

test('a :name segment matches exactly one segment of the route', () => {
  const w = new Whitelist(['GET /api/products/:id']);
  assert.equal(w.allows('GET', '/api/products/:id'), true);
  assert.equal(w.allows('GET', '/api/products/:productId'), true);
  assert.equal(w.allows('GET', '/api/products/:id/reviews'), false);
  assert.equal(w.allows('GET', '/api/products'), false);
});

test('HEAD is as public as GET; regular expression characters in paths are literal', () => {
  const w = new Whitelist(['GET /api/openapi.json']);
  assert.equal(w.allows('HEAD', '/api/openapi.json'), true);
  assert.equal(w.allows('GET', '/api/openapiXjson'), false);
});

test('an entry that is not "METHOD /path" is refused', () => {
  for (const bad of ['/api/me', 'FETCH /api/me', 'GET api/me', 'GET  /api/me', 'get /api/me'])
    assert.throws(() => new Whitelist([bad]), /METHOD \/path/, bad);
});

test('by default the auth routes, probes, landing page and API docs are public, and /api/me is not', () => {
  const w = new Whitelist(defaultPublicRoutes);
  for (const [method, route] of [
    ['POST', '/api/auth/register'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/refresh'],
    ['POST', '/api/auth/logout'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
    ['GET', '/'],
    ['GET', '/api/docs'],
    ['GET', '/api/docs/*'],
    ['GET', '/api/openapi.json'],
  ] as const) {
    assert.equal(w.allows(method, route), true, `${method} ${route}`);
  }
  for (const [method, route] of [
    ['GET', '/api/me'],
    ['PATCH', '/api/me'],
    ['GET', '/api/me/addresses'],
    ['DELETE', '/api/me/addresses/:id'],
  ] as const) {
    assert.equal(w.allows(method, route), false, `${method} ${route}`);
  }
});
