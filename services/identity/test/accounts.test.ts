// Identity over real HTTP on real PostgreSQL: registration, login, access tokens checked against
// the JWKS, refresh rotation and reuse detection, logout, password change, profile and bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { AccessToken } from '@mall/contracts/identity';
import type { RunningInstance } from '@mall/platform/runtime';
import { failureOf } from '@mall/platform/testkit';
import { connectIdentity, idempotencyKey, startIdentity, uniqueEmail, type IdentityClient } from './harness.ts';

describe('identity accounts and tokens', () => {
  let instance: RunningInstance;
  let conn: IdentityClient;
  const password = 'correct horse battery';

  before(async () => {
    instance = await startIdentity();
    conn = await connectIdentity([instance.url]);
  });
  after(async () => {
    await conn.close();
    await instance.shutdown('test over');
  });

  async function registered(label: string): Promise<{ id: string; email: string }> {
    const email = uniqueEmail(label);
    const { user } = await conn.client.register({ idempotencyKey: idempotencyKey(), email, password });
    return user;
  }

  test('a registered user can log in, with the email in any letter case', async () => {
    const user = await registered('login');
    const session = await conn.client.login({ email: user.email.toUpperCase(), password });
    assert.equal(session.user.id, user.id);
    assert.deepEqual(session.user.roles, ['customer']);
    assert.equal(session.expiresIn, 900);
  });

  test('an email registers once, whatever its letter case: the second answer is EMAIL_TAKEN 409', async () => {
    const user = await registered('dup');
    const err = await failureOf(
      conn.client.register({ idempotencyKey: idempotencyKey(), email: `  ${user.email.toUpperCase()}`.trim(), password }),
    );
    assert.equal(err.code, 'EMAIL_TAKEN');
    assert.equal(err.status, 409);
  });

  test('a retried register with the same idempotency key answers the first result and creates nothing new', async () => {
    const key = idempotencyKey();
    const email = uniqueEmail('idem');
    const [a, b] = await Promise.all([
      conn.client.register({ idempotencyKey: key, email, password }),
      conn.client.register({ idempotencyKey: key, email, password }),
    ]);
    assert.deepEqual(a, b);
    const again = await conn.client.register({ idempotencyKey: key, email, password });
    assert.deepEqual(again, a);
    const reused = await failureOf(conn.client.register({ idempotencyKey: key, email: uniqueEmail('other'), password }));
    assert.equal(reused.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a password shorter than 8 characters is WEAK_PASSWORD 400 and creates no account', async () => {
    const email = uniqueEmail('weak');
    const err = await failureOf(conn.client.register({ idempotencyKey: idempotencyKey(), email, password: 'short1' }));
    assert.equal(err.code, 'WEAK_PASSWORD');
    assert.equal(err.status, 400);
    assert.equal((await failureOf(conn.client.login({ email, password: 'short1' }))).code, 'INVALID_CREDENTIALS');
  });

  test('a wrong password and an unknown email get the same 401 answer', async () => {
    const user = await registered('wrong');
    const wrong = await failureOf(conn.client.login({ email: user.email, password: 'not the password' }));
    const unknown = await failureOf(conn.client.login({ email: uniqueEmail('nobody'), password: 'not the password' }));
    assert.deepEqual([wrong.code, wrong.status, wrong.message], [unknown.code, unknown.status, unknown.message]);
    assert.equal(wrong.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.status, 401);
  });

  test('an unknown email costs about as much time as a wrong password (a dummy hash is verified)', async () => {
    const user = await registered('timing');
    const time = async (email: string): Promise<number> => {
      const t0 = performance.now();
      await failureOf(conn.client.login({ email, password: 'not the password' }));
      return performance.now() - t0;
    };
    await time(uniqueEmail('warm'));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail('nobody')));
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // argon2 dominates both; without the dummy hash an unknown email would answer in a fraction of the time.
    assert.ok(median(unknown) > median(known) * 0.5, `unknown ${median(unknown)} ms vs known ${median(known)} ms`);
  });

  test('the access token verifies against the published JWKS with the user id, roles and a 15-minute expiry', async () => {
    const user = await registered('jwt');
    const session = await conn.client.login({ email: user.email, password });
    const { keys } = await conn.client.jwks({});
    const header = decodeProtectedHeader(session.accessToken);
    assert.ok(
      keys.some((k) => k.kid === header.kid),
      'the signing key is published',
    );
    assert.equal(header.alg, AccessToken.algorithm);
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet({ keys }), {
      issuer: AccessToken.issuer,
      audience: AccessToken.audience,
    });
    assert.equal(payload.sub, user.id);
    assert.deepEqual(payload.roles, ['customer']);
    assert.equal(payload.email, user.email);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 900);
    assert.ok(
      keys.every((k) => !('d' in k)),
      'no private key material is published',
    );
  });

  test('the JWKS is also served at /.well-known/jwks.json, the same keys, cacheable', async () => {
    const response = await fetch(`${instance.url}/.well-known/jwks.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=60/);
    const body = (await response.json()) as { keys: Array<{ kid: string }> };
    assert.deepEqual(
      body.keys.map((k) => k.kid),
      (await conn.client.jwks({})).keys.map((k) => k.kid),
    );
  });

  test('a refresh rotates the refresh token and the new one works', async () => {
    const user = await registered('refresh');
    const first = await conn.client.login({ email: user.email, password });
    const second = await conn.client.refresh({ refreshToken: first.refreshToken });
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.equal(second.user.id, user.id);
    const third = await conn.client.refresh({ refreshToken: second.refreshToken });
    assert.equal(third.user.id, user.id);
  });

  test('presenting an already rotated refresh token revokes the whole family, newest token included', async () => {
    const user = await registered('reuse');
    const first = await conn.client.login({ email: user.email, password });
    const second = await conn.client.refresh({ refreshToken: first.refreshToken });
    const reuse = await failureOf(conn.client.refresh({ refreshToken: first.refreshToken }));
    assert.equal(reuse.code, 'INVALID_REFRESH_TOKEN');
    assert.equal(reuse.status, 401);
    assert.equal((await failureOf(conn.client.refresh({ refreshToken: second.refreshToken }))).code, 'INVALID_REFRESH_TOKEN');
    // Another session of the same user is another family and keeps working.
    const other = await conn.client.login({ email: user.email, password });
    assert.ok((await conn.client.refresh({ refreshToken: other.refreshToken })).refreshToken);
  });

  test('an unknown refresh token is INVALID_REFRESH_TOKEN', async () => {
    assert.equal((await failureOf(conn.client.refresh({ refreshToken: 'A'.repeat(43) }))).code, 'INVALID_REFRESH_TOKEN');
  });

  test('logout revokes the session: its refresh token no longer works', async () => {
    const user = await registered('logout');
    const session = await conn.client.login({ email: user.email, password });
    assert.deepEqual(await conn.client.logout({ refreshToken: session.refreshToken }), {});
    assert.equal((await failureOf(conn.client.refresh({ refreshToken: session.refreshToken }))).code, 'INVALID_REFRESH_TOKEN');
    assert.deepEqual(await conn.client.logout({ refreshToken: session.refreshToken }), {}, 'a second logout is harmless');
  });

  test('changing the password revokes every refresh token of the user and only the new password logs in', async () => {
    const user = await registered('change');
    const a = await conn.client.login({ email: user.email, password });
    const b = await conn.client.login({ email: user.email, password });
    const wrong = await failureOf(
      conn.client.changePassword({ userId: user.id, currentPassword: 'not the password', newPassword: 'brand new secret' }),
    );
    assert.equal(wrong.code, 'INVALID_CREDENTIALS');
    const weak = await failureOf(conn.client.changePassword({ userId: user.id, currentPassword: password, newPassword: 'short' }));
    assert.equal(weak.code, 'WEAK_PASSWORD');
    await conn.client.changePassword({ userId: user.id, currentPassword: password, newPassword: 'brand new secret' });
    for (const s of [a, b])
      assert.equal((await failureOf(conn.client.refresh({ refreshToken: s.refreshToken }))).code, 'INVALID_REFRESH_TOKEN');
    assert.equal((await failureOf(conn.client.login({ email: user.email, password }))).code, 'INVALID_CREDENTIALS');
    assert.equal((await conn.client.login({ email: user.email, password: 'brand new secret' })).user.id, user.id);
  });

  test('the profile holds nickname and phone; null clears one', async () => {
    const email = uniqueEmail('profile');
    const { user } = await conn.client.register({ idempotencyKey: idempotencyKey(), email, password, nickname: 'Ann' });
    const profile = await conn.client.getProfile({ userId: user.id });
    assert.deepEqual([profile.email, profile.nickname, profile.phone, profile.roles], [email, 'Ann', null, ['customer']]);
    const updated = await conn.client.updateProfile({ userId: user.id, phone: '+86 138-0000-0000' });
    assert.deepEqual([updated.nickname, updated.phone], ['Ann', '+86 138-0000-0000']);
    const cleared = await conn.client.updateProfile({ userId: user.id, nickname: null });
    assert.deepEqual([cleared.nickname, cleared.phone], [null, '+86 138-0000-0000']);
  });

  test('the profile holds the locale mails are written in: zh-CN unless chosen at registration or changed', async () => {
    const { user: chinese } = await conn.client.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('zh'), password });
    assert.equal((await conn.client.getProfile({ userId: chinese.id })).locale, 'zh-CN');
    const { user } = await conn.client.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('en'), password, locale: 'en' });
    assert.equal((await conn.client.getProfile({ userId: user.id })).locale, 'en');
    const changed = await conn.client.updateProfile({ userId: user.id, locale: 'zh-CN' });
    assert.deepEqual([changed.locale, changed.nickname], ['zh-CN', null]);
    const err = await failureOf(conn.client.updateProfile({ userId: user.id, locale: 'fr' } as never));
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal((await conn.client.getProfile({ userId: user.id })).locale, 'zh-CN');
  });

  test('an unknown user has no profile: NOT_FOUND', async () => {
    const err = await failureOf(conn.client.getProfile({ userId: '00000000-0000-4000-8000-000000000000' }));
    assert.equal(err.code, 'NOT_FOUND');
  });

  test('bad input (wrong types, extra fields, oversized strings, bad email or phone) is VALIDATION_FAILED and changes nothing', async () => {
    const email = uniqueEmail('bad');
    const attempts: unknown[] = [
      { idempotencyKey: idempotencyKey(), email, password: 12345678 },
      { idempotencyKey: idempotencyKey(), email, password, admin: true },
      { idempotencyKey: idempotencyKey(), email, password, nickname: 'x'.repeat(41) },
      { idempotencyKey: idempotencyKey(), email: 'not-an-email', password },
      { idempotencyKey: idempotencyKey(), email, password: 'p'.repeat(129) },
      { email, password },
    ];
    for (const input of attempts) {
      const err = await failureOf(conn.client.register(input as never));
      assert.equal(err.code, 'VALIDATION_FAILED', JSON.stringify(input));
      assert.equal(err.status, 400);
    }
    assert.equal((await failureOf(conn.client.login({ email, password }))).code, 'INVALID_CREDENTIALS', 'no account was created');
    const user = await registered('badprofile');
    for (const input of [{ userId: user.id, phone: 'call me' }, { userId: 'not-a-uuid' }, { userId: user.id, nickname: 7 }]) {
      assert.equal((await failureOf(conn.client.updateProfile(input as never))).code, 'VALIDATION_FAILED', JSON.stringify(input));
    }
    const profile = await conn.client.getProfile({ userId: user.id });
    assert.deepEqual([profile.nickname, profile.phone], [null, null]);
  });

  test('a user may hold several roles; tokens issued after a grant or revoke carry the new set', async () => {
    const user = await registered('roles');
    assert.deepEqual((await conn.client.grantRole({ userId: user.id, role: 'support' })).roles, ['customer', 'support']);
    assert.deepEqual(
      (await conn.client.grantRole({ userId: user.id, role: 'support' })).roles,
      ['customer', 'support'],
      'granting twice is harmless',
    );
    const session = await conn.client.login({ email: user.email, password });
    const { keys } = await conn.client.jwks({});
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet({ keys }), {
      issuer: AccessToken.issuer,
      audience: AccessToken.audience,
    });
    assert.deepEqual(payload.roles, ['customer', 'support']);
    assert.deepEqual((await conn.client.revokeRole({ userId: user.id, role: 'support' })).roles, ['customer']);
    assert.deepEqual((await conn.client.refresh({ refreshToken: session.refreshToken })).user.roles, ['customer']);
    assert.equal((await failureOf(conn.client.grantRole({ userId: user.id, role: 'wizard' }))).code, 'UNKNOWN_ROLE');
    assert.equal(
      (await failureOf(conn.client.grantRole({ userId: '00000000-0000-4000-8000-000000000000', role: 'ops' }))).code,
      'NOT_FOUND',
    );
  });

  test('the RBAC policy lists the default roles, their inheritance and regex permissions', async () => {
    const { roles } = await conn.client.listRoles({});
    const byName = new Map(roles.map((r) => [r.name, r]));
    for (const name of ['customer', 'admin', 'ops', 'support']) assert.ok(byName.has(name), name);
    assert.deepEqual(byName.get('admin')?.inherits, ['ops', 'support']);
    const { permissions } = await conn.client.listPermissions({});
    const ops = permissions.find((p) => p.role === 'ops' && p.kind === 'regex');
    assert.ok(ops && new RegExp(ops.pattern).test('/api/admin/inventory/sku/1'));
  });
});
