// The gateway in the all-in-one host: identity on PGlite called in process, both services' edge
// routes on one public port, the same API answering the same way as in the cluster.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allInOneForSuite, uniqueEmail } from './harness.ts';

describe('gateway in the all-in-one host', () => {
  const suite = allInOneForSuite();

  test('register, login, profile and addresses work through the public port', async () => {
    const email = uniqueEmail('embedded');
    assert.equal((await suite.browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } })).status, 201);
    const login = await suite.browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } });
    const token = login.body.accessToken as string;
    const me = await suite.browser.call('GET', '/api/me', { token });
    assert.deepEqual([me.status, me.body.email], [200, email]);
    const address = await suite.browser.call('POST', '/api/me/addresses', {
      token,
      body: {
        recipient: 'Han Meimei',
        phone: '+86 138 0000 0001',
        line1: '2 Huaihai Road',
        city: 'Shanghai',
        postalCode: '200002',
        country: 'CN',
      },
    });
    assert.equal(address.status, 201, JSON.stringify(address.body));
    assert.equal((await suite.browser.call('GET', '/api/me/addresses', { token })).body.addresses.length, 1);
    assert.equal((await suite.browser.call('GET', '/api/me')).status, 401);
  });

  test('the password is changed through the public port, and the old refresh token is dead', async () => {
    const email = uniqueEmail('embedded-password');
    await suite.browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } });
    const login = await suite.browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } });
    const token = login.body.accessToken as string;
    const wrong = await suite.browser.call('POST', '/api/me/password', {
      token,
      body: { currentPassword: 'not it', newPassword: 'a better password' },
    });
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, 'INVALID_CREDENTIALS']);
    const changed = await suite.browser.call('POST', '/api/me/password', {
      token,
      body: { currentPassword: 'a good password', newPassword: 'a better password' },
    });
    assert.equal(changed.status, 204, JSON.stringify(changed.body));
    const refresh = await suite.browser.call('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    assert.equal(refresh.status, 401);
    const again = await suite.browser.call('POST', '/api/auth/login', { body: { email, password: 'a better password' } });
    assert.equal(again.status, 200);
  });

  test("identity's own JWKS address and the storefront (or, before it is built, the landing page) are served next to the API", async () => {
    const jwks = await suite.browser.call('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    assert.ok(jwks.body.keys.length >= 1);
    const landing = await suite.browser.call('GET', '/');
    assert.equal(landing.status, 200);
    // apps/storefront/dist exists once `npm start` has built it (tests/integration/storefront-browser.test.ts).
    assert.match(String(landing.body), /openapi\.json|<div id="app">/);
  });
});
