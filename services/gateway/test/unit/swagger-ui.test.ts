// Swagger UI is served offline from swagger-ui-dist and points at the gateway's own OpenAPI document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@mall/platform/runtime';
import { createLogger, Health } from '@mall/platform/observability';
import { registerSwaggerUi } from '../../src/swagger-ui.ts';

let app: FastifyInstance;
before(async () => {
  app = await createHttpApp({ service: 'gateway', health: new Health(), log: createLogger({ service: 'gateway', level: 'silent' }) });
  registerSwaggerUi(app);
});
after(() => app.close());

test('the docs page loads the bundled Swagger UI and the gateway OpenAPI document', async () => {
  const page = await app.inject({ method: 'GET', url: '/api/docs' });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  for (const src of page.body.match(/\/api\/docs\/[\w.-]+/g) ?? []) {
    const asset = await app.inject({ method: 'GET', url: src });
    assert.equal(asset.statusCode, 200, src);
    assert.ok(asset.rawPayload.length > 0, src);
  }
  const init = await app.inject({ method: 'GET', url: '/api/docs/init.js' });
  assert.match(init.body, /\/api\/openapi\.json/);
  const bundle = await app.inject({ method: 'GET', url: '/api/docs/swagger-ui-bundle.js' });
  assert.ok(bundle.rawPayload.length > 100_000, 'the real bundle, not a placeholder');
});

test('anything else under /api/docs is 404, never a file from disk', async () => {
  for (const url of ['/api/docs/package.json', '/api/docs/..%2Fpackage.json', '/api/docs/index.html']) {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
  }
});
