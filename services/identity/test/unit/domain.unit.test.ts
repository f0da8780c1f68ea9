// Identity's pure rules, without I/O: password policy, email normalisation, refresh-token
// decisions, the default RBAC policy, address defaults and signing-key ages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MallError } from '@mall/contracts';
import { newAddressIsDefault, nextDefault } from '../../src/domain/addresses.ts';
import { normaliseEmail } from '../../src/domain/email.ts';
import { assertStrongPassword, passwordWeakness } from '../../src/domain/password-policy.ts';
import { assertValidPolicy, DEFAULT_PERMISSIONS, DEFAULT_ROLES, effectiveRoles, permissionProblem } from '../../src/domain/rbac.ts';
import { decideRefresh, hashRefreshToken, newRefreshToken, refreshExpiry } from '../../src/domain/refresh-tokens.ts';
import { keyNeedsRotation, retiredKeyWindowMs } from '../../src/domain/signing-keys.ts';

describe('password policy', () => {
  test('a password shorter than 8 characters is weak', () => {
    assert.match(passwordWeakness('seven77') ?? '', /at least 8/);
    assert.equal(passwordWeakness('eight888'), undefined);
  });
  test('length counts characters, not UTF-16 units', () => {
    assert.notEqual(passwordWeakness('😀😀😀😀'), undefined);
    assert.equal(passwordWeakness('密码密码密码密码'), undefined);
  });
  test('a single repeated character, only spaces, or the email itself is weak', () => {
    assert.notEqual(passwordWeakness('aaaaaaaaaa'), undefined);
    assert.notEqual(passwordWeakness('          '), undefined);
    assert.notEqual(passwordWeakness('Bob@Example.com', 'bob@example.com'), undefined);
  });
  test('a weak password is refused with WEAK_PASSWORD', () => {
    assert.throws(
      () => assertStrongPassword('short'),
      (err: unknown) => err instanceof MallError && err.code === 'WEAK_PASSWORD',
    );
  });
});

describe('email normalisation', () => {
  test('case and surrounding spaces do not make a different account', () => {
    assert.equal(normaliseEmail('  Alice@Example.COM '), 'alice@example.com');
  });
});

describe('refresh-token decisions', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-02T00:00:00Z');
  const live = { expiresAt: later, rotatedAt: null, familyRevokedAt: null };
  test('a current token is rotated', () => assert.equal(decideRefresh(live, now), 'rotate'));
  test('an already rotated token is a reuse', () => assert.equal(decideRefresh({ ...live, rotatedAt: now }, now), 'reuse'));
  test('a token of a revoked family is dead, even a rotated one', () => {
    assert.equal(decideRefresh({ ...live, familyRevokedAt: now }, now), 'dead');
    assert.equal(decideRefresh({ ...live, rotatedAt: now, familyRevokedAt: now }, now), 'dead');
  });
  test('an expired or unknown token is dead', () => {
    assert.equal(decideRefresh({ ...live, expiresAt: now }, now), 'dead');
    assert.equal(decideRefresh(undefined, now), 'dead');
  });
  test('tokens are unique, URL-safe, and stored as a hash that is not the token', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(hashRefreshToken(a), a);
    assert.equal(hashRefreshToken(a), hashRefreshToken(a));
  });
  test('a refresh token expires after its ttl in days', () => {
    assert.equal(refreshExpiry(now, 30).toISOString(), '2026-01-31T00:00:00.000Z');
  });
});

describe('RBAC policy', () => {
  test('the default roles and permissions are a valid policy', () => {
    assert.doesNotThrow(() => assertValidPolicy(DEFAULT_ROLES, DEFAULT_PERMISSIONS));
    assert.deepEqual(DEFAULT_ROLES.map((r) => r.name).sort(), [
      'admin',
      'catalog-manager',
      'customer',
      'ops',
      'order-manager',
      'promotion-manager',
      'support',
      'warehouse',
    ]);
  });
  test('an admin acts as ops and support through inheritance', () => {
    assert.deepEqual(effectiveRoles(['admin'], DEFAULT_ROLES), ['admin', 'ops', 'support']);
    assert.deepEqual(effectiveRoles(['customer', 'support'], DEFAULT_ROLES), ['customer', 'support']);
  });
  test('an inheritance cycle and an unknown role are refused', () => {
    const cyclic = [
      { name: 'a', description: '', inherits: ['b'] },
      { name: 'b', description: '', inherits: ['a'] },
    ];
    assert.throws(() => effectiveRoles(['a'], cyclic), /cycle/);
    assert.throws(() => effectiveRoles(['nobody'], DEFAULT_ROLES), /unknown role/);
  });
  test('a regex pattern must compile and be anchored; a key pattern must be a path', () => {
    assert.equal(permissionProblem({ role: 'ops', pattern: '^/api/x/(a|b)$', kind: 'regex', methods: ['GET'] }), undefined);
    assert.match(
      permissionProblem({ role: 'ops', pattern: '^/api/(x$', kind: 'regex', methods: ['GET'] }) ?? '',
      /not a regular expression/,
    );
    assert.match(permissionProblem({ role: 'ops', pattern: '/api/x', kind: 'regex', methods: ['GET'] }) ?? '', /anchored/);
    assert.match(permissionProblem({ role: 'ops', pattern: 'api/x', kind: 'key', methods: ['GET'] }) ?? '', /absolute path/);
    assert.match(permissionProblem({ role: 'ops', pattern: '/api/x', kind: 'key', methods: [] }) ?? '', /at least one method/);
  });
  test('the default regex permissions match the paths they are meant for', () => {
    const ops = DEFAULT_PERMISSIONS.find((p) => p.role === 'ops' && p.kind === 'regex');
    assert.ok(ops);
    const re = new RegExp(ops.pattern);
    assert.ok(re.test('/api/admin/catalog/spu/1'));
    assert.ok(!re.test('/api/admin/users/1'));
  });
  test('a catalog manager may do exactly the catalog back office, nothing else', () => {
    const granted = DEFAULT_PERMISSIONS.filter((p) => p.role === 'catalog-manager');
    assert.deepEqual(granted, [{ role: 'catalog-manager', pattern: '^/api/admin/catalog(/.*)?$', kind: 'regex', methods: ['*'] }]);
    assert.deepEqual(effectiveRoles(['catalog-manager'], DEFAULT_ROLES), ['catalog-manager']);
    const re = new RegExp(granted[0]!.pattern);
    assert.ok(re.test('/api/admin/catalog') && re.test('/api/admin/catalog/products/1/skus'));
    assert.ok(!re.test('/api/admin/catalogue') && !re.test('/api/admin/users'));
  });
  test('an order manager may do exactly the order back office, nothing else', () => {
    const granted = DEFAULT_PERMISSIONS.filter((p) => p.role === 'order-manager');
    assert.deepEqual(granted, [{ role: 'order-manager', pattern: '^/api/admin/orders(/.*)?$', kind: 'regex', methods: ['*'] }]);
    const re = new RegExp(granted[0]!.pattern);
    assert.ok(re.test('/api/admin/orders') && re.test('/api/admin/orders/1/ship'));
    assert.ok(!re.test('/api/admin/ordersx') && !re.test('/api/admin/catalog'));
  });
  test('a promotion manager may do exactly the flash-sale back office, nothing else', () => {
    const granted = DEFAULT_PERMISSIONS.filter((p) => p.role === 'promotion-manager');
    assert.deepEqual(granted, [{ role: 'promotion-manager', pattern: '^/api/admin/seckill(/.*)?$', kind: 'regex', methods: ['*'] }]);
    const re = new RegExp(granted[0]!.pattern);
    assert.ok(re.test('/api/admin/seckill/sessions') && re.test('/api/admin/seckill/sessions/1/publish'));
    assert.ok(!re.test('/api/admin/seckillx') && !re.test('/api/admin/inventory'));
  });
});

describe('address defaults', () => {
  test('the first address is the default whatever was asked; later ones only when asked', () => {
    assert.equal(newAddressIsDefault(0, false), true);
    assert.equal(newAddressIsDefault(2, undefined), false);
    assert.equal(newAddressIsDefault(2, true), true);
  });
  test('the most recently updated address inherits the default', () => {
    assert.equal(
      nextDefault([
        { id: 'old', updatedAt: new Date(1) },
        { id: 'new', updatedAt: new Date(5) },
      ]),
      'new',
    );
    assert.equal(nextDefault([]), undefined);
  });
});

describe('signing-key ages', () => {
  const ages = { accessTokenTtlSeconds: 900, cacheMs: 30_000, clockSkewSeconds: 60 };
  test('a retired key stays published for the token ttl plus skew plus the instances cache time', () => {
    assert.equal(retiredKeyWindowMs(ages), 990_000);
    assert.equal(retiredKeyWindowMs({ ...ages, accessTokenTtlSeconds: 60 }), 150_000);
  });
  test('a key is rotated once it is older than the rotation age', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    assert.equal(keyNeedsRotation(created, new Date('2026-01-01T23:59:59Z'), 24), false);
    assert.equal(keyNeedsRotation(created, new Date('2026-01-02T00:00:00Z'), 24), true);
  });
});
