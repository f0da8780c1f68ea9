// What the gateway tells browsers, on the all-in-one's public port: the content security policy and its companions on
// every answer, no-store on every authenticated (or token-needing) answer, HSTS only over TLS, CORS only for the
// config center's allow-list, and /api/me/permissions answering what the caller's roles allow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { IdentityContract } from '@mall/contracts/identity';
import { Browser, startEmbedded, type EmbeddedHost } from '@mall/platform/testkit';
import { GatewayConfig } from '../src/config.ts';
import gateway from '../src/service.ts';
import identity from '../../identity/src/service.ts';
import { uniqueEmail } from './harness.ts';

const PASSWORD = 'a good password';
const ALLOWED = 'https://partner.example';
const CORS_ENV = 'MALL_GATEWAY_CORS_ORIGINS';

describe('security headers at the gateway (all-in-one)', () => {
  let host: EmbeddedHost;
  let browser: Browser;
  let customer: string;

  before(async () => {
    // The configuration's env layer reads process.env (the kernel's settings take `env`): set for the start only.
    process.env[CORS_ENV] = JSON.stringify([ALLOWED]);
    try {
      // The test's browsers call from 127.253.x.x: trusted as the TLS-terminating proxy, so X-Forwarded-Proto counts.
      host = await startEmbedded([identity, gateway], { env: { MALL_TRUST_PROXY: '127.253.0.0/16' } });
    } finally {
      delete process.env[CORS_ENV];
    }
    browser = new Browser(host.url);
    const email = uniqueEmail('headers');
    assert.equal((await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } })).status, 201);
    customer = (await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } })).body.accessToken;
  });
  after(async () => {
    await browser.close();
    await host.shutdown('test over');
  });

  test('every answer carries a strict CSP, nosniff, frame denial and a referrer policy: API, docs and pages alike', async () => {
    for (const path of ['/api/openapi.json', '/api/docs', '/', '/api/nothing-here']) {
      const answer = await browser.call('GET', path);
      const csp = String(answer.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"])
        assert.ok(csp.includes(directive), `${path}: ${directive} missing from ${csp}`);
      assert.doesNotMatch(csp, /unsafe-(inline|eval)/, path);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(answer.headers['x-frame-options'], 'DENY', path);
      assert.equal(answer.headers['referrer-policy'], 'same-origin', path);
    }
  });

  test('Cache-Control: no-store on authenticated answers and on the refusals of protected routes, not on public ones', async () => {
    const me = await browser.call('GET', '/api/me', { token: customer });
    assert.equal(me.status, 200);
    assert.equal(me.headers['cache-control'], 'no-store');
    const refused = await browser.call('GET', '/api/admin/users', { token: customer });
    assert.deepEqual([refused.status, refused.headers['cache-control']], [403, 'no-store']);
    const anonymous = await browser.call('GET', '/api/me/addresses');
    assert.deepEqual([anonymous.status, anonymous.headers['cache-control']], [401, 'no-store']);
    const publicDoc = await browser.call('GET', '/api/openapi.json');
    assert.equal(publicDoc.status, 200);
    assert.notEqual(publicDoc.headers['cache-control'], 'no-store');
  });

  test('HSTS only on answers to requests that came over TLS through the trusted proxy', async () => {
    const plain = await browser.call('GET', '/api/openapi.json');
    assert.equal(plain.headers['strict-transport-security'], undefined);
    const tls = await browser.call('GET', '/api/openapi.json', { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(tls.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    // From an address that is not the proxy, the header is the caller's claim: no HSTS.
    const untrusted = new Browser(host.url, { sourceIp: '127.0.0.1' });
    try {
      const claimed = await untrusted.call('GET', '/api/openapi.json', { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(claimed.headers['strict-transport-security'], undefined);
    } finally {
      await untrusted.close();
    }
  });

  test('CORS answers only the allow-listed origins, which the config center leaves empty by default', async () => {
    assert.deepEqual((GatewayConfig.properties.corsOrigins as { default?: unknown }).default, []);
    const preflight = (origin: string) =>
      request(`${host.url}/api/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(ALLOWED);
    await allowed.body.dump();
    assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED);
    assert.match(String(allowed.headers['access-control-allow-headers']), /authorization/);
    assert.equal(allowed.headers['access-control-allow-credentials'], undefined, 'no ambient credentials across sites');
    const stranger = await preflight('https://evil.example');
    await stranger.body.dump();
    assert.equal(stranger.headers['access-control-allow-origin'], undefined);
    const simple = await browser.call('GET', '/api/me', { token: customer, headers: { origin: 'https://evil.example' } });
    assert.equal(simple.status, 200, 'CORS is the browser’s check; the API answers as usual');
    assert.equal(simple.headers['access-control-allow-origin'], undefined);
  });

  test('/api/me/permissions lists the protected routes the roles allow; any signed-in role may ask, a stranger may not', async () => {
    const mine = await browser.call('GET', '/api/me/permissions', { token: customer });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(mine.body.roles, ['customer']);
    assert.ok(mine.body.routes.includes('GET /api/me/addresses'));
    assert.ok(!mine.body.routes.some((route: string) => route.includes('/api/admin/')), 'a customer has no back-office route');
    assert.equal(mine.headers['cache-control'], 'no-store');

    // A user whose only role grants no /api/me route still learns its rights (and only those).
    const rpc = host.client(IdentityContract);
    const email = uniqueEmail('warehouse');
    const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
    await rpc.setUserRoles({ userId: registered.body.user.id, roles: ['warehouse'] });
    const token = (await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } })).body.accessToken;
    const warehouse = await browser.call('GET', '/api/me/permissions', { token });
    assert.equal(warehouse.status, 200, JSON.stringify(warehouse.body));
    assert.ok(warehouse.body.routes.includes('POST /api/admin/inventory/stock/:skuId/restock'));
    assert.ok(!warehouse.body.routes.includes('GET /api/admin/users'));
    assert.equal((await browser.call('GET', '/api/me', { token })).status, 403, 'the route itself still follows RBAC');

    assert.equal((await browser.call('GET', '/api/me/permissions')).status, 401);
  });
});
