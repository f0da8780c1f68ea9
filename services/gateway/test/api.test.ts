// The public REST API end to end over real HTTP: a real identity instance on PostgreSQL, a gateway
// that finds it through etcd, and a client that only speaks HTTP — auth, profile, addresses, errors, whitelist.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConfigCenter, type ConfigCenter } from '@mall/platform/config';
import type { RunningInstance } from '@mall/platform/runtime';
import { defaultPublicRoutes } from '../src/config.ts';
import { expectErrorAnswer } from '@mall/platform/testkit';
import { Browser, serverEnv, startGateway, startIdentity, uniqueEmail, type Answer } from './harness.ts';

const PASSWORD = 'a good password';
const home = {
  recipient: 'Li Lei',
  phone: '+86 138 0000 0000',
  line1: '1 Nanjing Road',
  city: 'Shanghai',
  postalCode: '200001',
  country: 'CN',
};

const fieldPaths = (answer: Answer): string[] => (answer.body.error.details.fields as { path: string }[]).map((f) => f.path);

describe('gateway /api over real HTTP', () => {
  let identity: RunningInstance;
  let gateway: RunningInstance;
  let browser: Browser;
  let center: ConfigCenter;
  const call: Browser['call'] = (...args) => browser.call(...args);

  async function signUp(label: string): Promise<{ email: string; userId: string; accessToken: string; refreshToken: string }> {
    const email = uniqueEmail(label);
    const registered = await call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const login = await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    return { email, userId: registered.body.user.id, accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
  }

  before(async () => {
    identity = await startIdentity();
    gateway = await startGateway();
    browser = new Browser(gateway.url);
    center = await createConfigCenter('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
  });
  after(async () => {
    await center.delete('gateway');
    await center.close();
    await browser.close();
    await gateway.shutdown('test over');
    await identity.shutdown('test over');
  });

  describe('auth', () => {
    test('register answers 201 with the user; the same email in other letter case is 409 EMAIL_TAKEN', async () => {
      const email = uniqueEmail('dup');
      const first = await call('POST', '/api/auth/register', { body: { email, password: PASSWORD, nickname: 'Dup' } });
      assert.equal(first.status, 201);
      assert.deepEqual(Object.keys(first.body.user).sort(), ['email', 'id']);
      assert.equal(first.body.user.email, email);
      expectErrorAnswer(
        await call('POST', '/api/auth/register', { body: { email: email.toUpperCase(), password: PASSWORD } }),
        409,
        'EMAIL_TAKEN',
      );
    });

    test('a bad register body is 400 VALIDATION_FAILED naming each bad field, and creates nothing', async () => {
      const email = uniqueEmail('bad');
      const unknown = await call('POST', '/api/auth/register', { body: { email, password: PASSWORD, role: 'admin' } });
      expectErrorAnswer(unknown, 400, 'VALIDATION_FAILED');
      assert.deepEqual(fieldPaths(unknown), ['/body/role']);
      const missing = await call('POST', '/api/auth/register', { body: { email, password: 42 } });
      expectErrorAnswer(missing, 400, 'VALIDATION_FAILED');
      assert.deepEqual(fieldPaths(missing), ['/body/password']);
      const noEmail = await call('POST', '/api/auth/register', { body: { password: PASSWORD } });
      assert.deepEqual(fieldPaths(noEmail), ['/body/email']);
      assert.equal(noEmail.body.error.details.fields[0].message, 'is required');
      const badEmail = await call('POST', '/api/auth/register', { body: { email: 'not an email', password: PASSWORD } });
      assert.deepEqual(fieldPaths(badEmail), ['/body/email']);
      // Nothing was created by the refused attempts: the email is still free.
      expectErrorAnswer(await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
      assert.equal((await call('POST', '/api/auth/register', { body: { email, password: PASSWORD } })).status, 201);
    });

    test('malformed JSON is 400 MALFORMED_JSON', async () => {
      expectErrorAnswer(await call('POST', '/api/auth/login', { rawBody: '{"email": "a@b.co", ' }), 400, 'MALFORMED_JSON');
    });

    test('a retried register with the same Idempotency-Key answers the first result', async () => {
      const email = uniqueEmail('idem');
      const headers = { 'idempotency-key': `gw-test-${Date.now()}-${Math.random().toString(36).slice(2)}` };
      const first = await call('POST', '/api/auth/register', { body: { email, password: PASSWORD }, headers });
      const retry = await call('POST', '/api/auth/register', { body: { email, password: PASSWORD }, headers });
      assert.deepEqual([first.status, retry.status], [201, 201]);
      assert.equal(retry.body.user.id, first.body.user.id);
      expectErrorAnswer(
        await call('POST', '/api/auth/register', {
          body: { email, password: PASSWORD },
          headers: { 'idempotency-key': 'no spaces allowed' },
        }),
        400,
        'VALIDATION_FAILED',
      );
    });

    test('login answers tokens and the user with roles; a wrong password is 401 INVALID_CREDENTIALS', async () => {
      const email = uniqueEmail('login');
      await call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
      const ok = await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      assert.equal(ok.status, 200);
      assert.equal(typeof ok.body.accessToken, 'string');
      assert.equal(typeof ok.body.refreshToken, 'string');
      assert.ok(ok.body.expiresIn > 0);
      assert.equal(ok.body.user.email, email);
      assert.deepEqual(ok.body.user.roles, ['customer']);
      expectErrorAnswer(
        await call('POST', '/api/auth/login', { body: { email, password: 'not the password' } }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    test('refresh rotates the pair; reusing the old refresh token is 401 and ends the whole session', async () => {
      const user = await signUp('refresh');
      const rotated = await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.refreshToken, user.refreshToken);
      assert.equal((await call('GET', '/api/me', { token: rotated.body.accessToken })).status, 200);
      expectErrorAnswer(
        await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      // The reuse revoked the family: the newest token of the session is dead too.
      expectErrorAnswer(
        await call('POST', '/api/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });

    test('logout answers 204 and its refresh token no longer refreshes', async () => {
      const user = await signUp('logout');
      const out = await call('POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } });
      assert.equal(out.status, 204);
      assert.equal(out.body, '');
      expectErrorAnswer(
        await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });
  });

  describe('authentication', () => {
    test('/api/me without a token is 401 UNAUTHORIZED', async () => {
      expectErrorAnswer(await call('GET', '/api/me'), 401, 'UNAUTHORIZED');
      expectErrorAnswer(await call('GET', '/api/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'UNAUTHORIZED');
    });

    test('a garbage or tampered token is 401 UNAUTHORIZED; the valid one is 200', async () => {
      const victim = await signUp('victim');
      const attacker = await signUp('attacker');
      expectErrorAnswer(await call('GET', '/api/me', { token: 'not.a.jwt' }), 401, 'UNAUTHORIZED');
      // The attacker's token with the victim's id swapped into the claims: the signature no longer matches.
      const [header, payload, signature] = attacker.accessToken.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string };
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: victim.userId })).toString('base64url');
      expectErrorAnswer(await call('GET', '/api/me', { token: `${header}.${forged}.${signature}` }), 401, 'UNAUTHORIZED');
      const mine = await call('GET', '/api/me', { token: attacker.accessToken });
      assert.equal(mine.status, 200);
      assert.equal(mine.body.id, attacker.userId);
    });

    test('an unknown /api route is 404 NOT_FOUND', async () => {
      expectErrorAnswer(await call('GET', '/api/no-such-thing'), 404, 'NOT_FOUND');
    });

    test('the OpenAPI document is public and describes the routes', async () => {
      const doc = await call('GET', '/api/openapi.json');
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.1.0');
      assert.deepEqual(doc.body.paths['/api/me/addresses/{id}'].patch.security, [{ bearer: [] }]);
      assert.equal(doc.body.paths['/api/auth/login'].post.security, undefined);
      assert.ok(doc.body.paths['/api/auth/register'].post.responses['409']);
    });
  });

  describe('profile and addresses', () => {
    test('the profile is read and changed for the user of the token, never one named in the body', async () => {
      const user = await signUp('profile');
      const me = await call('GET', '/api/me', { token: user.accessToken });
      assert.deepEqual([me.body.id, me.body.email, me.body.nickname], [user.userId, user.email, null]);
      const changed = await call('PATCH', '/api/me', { token: user.accessToken, body: { nickname: 'Meimei', phone: '+86 139 1111 2222' } });
      assert.equal(changed.status, 200);
      assert.deepEqual([changed.body.nickname, changed.body.phone], ['Meimei', '+86 139 1111 2222']);
      const other = await signUp('profile-other');
      const sneaky = await call('PATCH', '/api/me', { token: user.accessToken, body: { userId: other.userId, nickname: 'Owned' } });
      expectErrorAnswer(sneaky, 400, 'VALIDATION_FAILED');
      assert.deepEqual(fieldPaths(sneaky), ['/body/userId']);
      assert.equal((await call('GET', '/api/me', { token: other.accessToken })).body.nickname, null);
      assert.equal((await call('PATCH', '/api/me', { token: user.accessToken, body: { nickname: null } })).body.nickname, null);
    });

    test('the password is changed for the user of the token after checking the current one, and every session ends', async () => {
      const user = await signUp('password');
      const wrong = await call('POST', '/api/me/password', {
        token: user.accessToken,
        body: { currentPassword: 'not my password', newPassword: 'a better password' },
      });
      expectErrorAnswer(wrong, 401, 'INVALID_CREDENTIALS');
      const sneaky = await call('POST', '/api/me/password', {
        token: user.accessToken,
        body: { userId: user.userId, currentPassword: PASSWORD, newPassword: 'a better password' },
      });
      expectErrorAnswer(sneaky, 400, 'VALIDATION_FAILED');
      assert.deepEqual(fieldPaths(sneaky), ['/body/userId']);
      const changed = await call('POST', '/api/me/password', {
        token: user.accessToken,
        body: { currentPassword: PASSWORD, newPassword: 'a better password' },
      });
      assert.equal(changed.status, 204, JSON.stringify(changed.body));
      expectErrorAnswer(
        await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectErrorAnswer(
        await call('POST', '/api/auth/login', { body: { email: user.email, password: PASSWORD } }),
        401,
        'INVALID_CREDENTIALS',
      );
      assert.equal((await call('POST', '/api/auth/login', { body: { email: user.email, password: 'a better password' } })).status, 200);
      expectErrorAnswer(await call('POST', '/api/me/password', { body: { currentPassword: 'x', newPassword: 'y' } }), 401, 'UNAUTHORIZED');
    });

    test('addresses are created, listed, read, updated and deleted', async () => {
      const { accessToken: token } = await signUp('addr');
      const created = await call('POST', '/api/me/addresses', { token, body: home });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.isDefault, true);
      const id = created.body.id as string;
      assert.deepEqual(
        (await call('GET', '/api/me/addresses', { token })).body.addresses.map((a: { id: string }) => a.id),
        [id],
      );
      assert.equal((await call('GET', `/api/me/addresses/${id}`, { token })).body.city, 'Shanghai');
      const updated = await call('PATCH', `/api/me/addresses/${id}`, { token, body: { city: 'Hangzhou', postalCode: '310000' } });
      assert.equal(updated.status, 200);
      assert.deepEqual([updated.body.city, updated.body.postalCode, updated.body.line1], ['Hangzhou', '310000', home.line1]);
      const removed = await call('DELETE', `/api/me/addresses/${id}`, { token });
      assert.equal(removed.status, 204);
      assert.deepEqual((await call('GET', '/api/me/addresses', { token })).body.addresses, []);
      expectErrorAnswer(await call('GET', `/api/me/addresses/${id}`, { token }), 404, 'NOT_FOUND');
    });

    test('a retried address creation with the same Idempotency-Key makes one address', async () => {
      const { accessToken: token } = await signUp('addr-idem');
      const headers = { 'idempotency-key': `gw-addr-${Date.now()}-${Math.random().toString(36).slice(2)}` };
      const first = await call('POST', '/api/me/addresses', { token, body: home, headers });
      const retry = await call('POST', '/api/me/addresses', { token, body: home, headers });
      assert.equal(retry.body.id, first.body.id);
      assert.equal((await call('GET', '/api/me/addresses', { token })).body.addresses.length, 1);
    });

    test("another user's address is 404 for reading, changing and deleting, and stays unchanged", async () => {
      const owner = await signUp('owner');
      const intruder = await signUp('intruder');
      const created = await call('POST', '/api/me/addresses', { token: owner.accessToken, body: home });
      const path = `/api/me/addresses/${created.body.id as string}`;
      expectErrorAnswer(await call('GET', path, { token: intruder.accessToken }), 404, 'NOT_FOUND');
      expectErrorAnswer(await call('PATCH', path, { token: intruder.accessToken, body: { city: 'Elsewhere' } }), 404, 'NOT_FOUND');
      expectErrorAnswer(await call('DELETE', path, { token: intruder.accessToken }), 404, 'NOT_FOUND');
      assert.deepEqual((await call('GET', path, { token: owner.accessToken })).body, created.body);
    });

    test('bad address input is 400 naming the field and changes nothing', async () => {
      const { accessToken: token } = await signUp('addr-bad');
      const badCountry = await call('POST', '/api/me/addresses', { token, body: { ...home, country: 'China' } });
      expectErrorAnswer(badCountry, 400, 'VALIDATION_FAILED');
      assert.deepEqual(fieldPaths(badCountry), ['/body/country']);
      assert.deepEqual(fieldPaths(await call('PATCH', '/api/me/addresses/not-a-uuid', { token, body: { city: 'X' } })), ['/params/id']);
      assert.deepEqual((await call('GET', '/api/me/addresses', { token })).body.addresses, []);
    });
  });

  describe('public routes from the config center', () => {
    const waitFor = async (what: string, check: () => Promise<boolean>): Promise<void> => {
      const deadline = Date.now() + 1000;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`not within 1 s: ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    test('a route taken off the whitelist needs a token within a second, and is public again when put back', async () => {
      const email = uniqueEmail('whitelist');
      await call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
      const withoutDocsAndLogin = defaultPublicRoutes.filter((r) => r !== 'GET /api/openapi.json' && r !== 'POST /api/auth/login');
      await center.put('gateway', { publicRoutes: withoutDocsAndLogin });
      await waitFor('the docs need a token', async () => (await call('GET', '/api/openapi.json')).status === 401);
      expectErrorAnswer(await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } }), 401, 'UNAUTHORIZED');
      await center.put('gateway', { publicRoutes: [...withoutDocsAndLogin, 'GET /api/openapi.json', 'POST /api/auth/*'] });
      await waitFor('the docs are public again', async () => (await call('GET', '/api/openapi.json')).status === 200);
      assert.equal((await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } })).status, 200);
      await center.delete('gateway');
    });

    test('an invalid configuration change is refused and the public routes stay as they were', async () => {
      // Were it accepted, the empty list would close the docs; the too small interval makes it invalid.
      await center.put('gateway', { publicRoutes: [], jwksRefetchIntervalMs: 1 });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await call('GET', '/api/openapi.json')).status, 200);
      expectErrorAnswer(await call('GET', '/api/me'), 401, 'UNAUTHORIZED');
      await center.delete('gateway');
    });
  });

  test('every answer, success or failure, carries a request id and a trace id; a plain client request id is echoed', async () => {
    const user = await signUp('ids');
    const answers = [
      await call('GET', '/api/me', { token: user.accessToken }),
      await call('GET', '/api/me'),
      await call('GET', '/api/no-such-thing'),
      await call('POST', '/api/auth/login', { rawBody: '{' }),
      await call('POST', '/api/auth/register', { body: {} }),
      await call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong password' } }),
    ];
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 401, 404, 400, 400, 401],
    );
    for (const answer of answers) {
      assert.match(String(answer.headers['x-request-id']), /^[\w.:-]+$/);
      assert.match(String(answer.headers['x-trace-id']), /^[0-9a-f]{32}$/);
    }
    const echoed = await call('GET', '/api/openapi.json', { headers: { 'x-request-id': 'shop-client-42' } });
    assert.equal(echoed.headers['x-request-id'], 'shop-client-42');
  });
});

describe('gateway with identity unreachable', () => {
  let gateway: RunningInstance;
  let browser: Browser;

  before(async () => {
    // A static registry naming a port nobody listens on: identity is down, deterministically.
    gateway = await startGateway('identity=http://127.0.0.1:9');
    browser = new Browser(gateway.url);
  });
  after(async () => {
    await browser.close();
    await gateway.shutdown('test over');
  });

  test('a call to an unreachable service is 503 UNAVAILABLE', async () => {
    expectErrorAnswer(await browser.call('POST', '/api/auth/login', { body: { email: 'a@b.co', password: PASSWORD } }), 503, 'UNAVAILABLE');
  });

  test('a token that cannot be checked because the keys are unreachable is 503, not 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'someone', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    expectErrorAnswer(await browser.call('GET', '/api/me', { token: `${header}.${payload}.c2lnbmF0dXJl` }), 503, 'UNAVAILABLE');
  });
});
