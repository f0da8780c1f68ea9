// The gateway's access decisions without any server: Casbin RBAC from a policy snapshot (keyMatch2 and
// regex patterns, methods, inheritance), the IP filter (deny blocks with allow exceptions), ban expiry.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessPolicy } from '../../src/domain/access-policy.ts';
import { RbacPolicy } from '../../src/domain/casbin-policy.ts';
import { IpFilter } from '../../src/domain/ip-filter.ts';

const roles = [
  { name: 'customer', description: '', inherits: [] },
  { name: 'support', description: '', inherits: [] },
  { name: 'admin', description: '', inherits: ['support'] },
];
const permissions = [
  { role: 'customer', pattern: '/api/me/*', kind: 'key' as const, methods: ['*' as const] },
  { role: 'customer', pattern: '/api/orders/:id', kind: 'key' as const, methods: ['GET' as const] },
  { role: 'support', pattern: '^/api/admin/(users|orders)(/.*)?$', kind: 'regex' as const, methods: ['GET' as const] },
  { role: 'admin', pattern: '^/api/admin/ip-rules$', kind: 'regex' as const, methods: ['POST' as const, 'DELETE' as const] },
];

describe('RbacPolicy', () => {
  test('key patterns match like keyMatch2 and regex patterns as anchored expressions, per method', async () => {
    const rbac = await RbacPolicy.build({ roles, permissions });
    assert.equal(rbac.allows(['customer'], '/api/me/addresses/:id', 'PATCH'), true);
    assert.equal(rbac.allows(['customer'], '/api/orders/:id', 'GET'), true);
    assert.equal(rbac.allows(['customer'], '/api/orders/:id', 'DELETE'), false);
    assert.equal(rbac.allows(['customer'], '/api/admin/users', 'GET'), false);
    assert.equal(rbac.allows(['support'], '/api/admin/users/:id/ban', 'GET'), true);
    assert.equal(rbac.allows(['support'], '/api/admin/users/:id/ban', 'POST'), false);
    assert.equal(rbac.allows(['support'], '/api/admin/usersX', 'GET'), false);
  });

  test('a role inherits the permissions of its parents, and several held roles add up', async () => {
    const rbac = await RbacPolicy.build({ roles, permissions });
    assert.equal(rbac.allows(['admin'], '/api/admin/orders', 'GET'), true);
    assert.equal(rbac.allows(['admin'], '/api/admin/ip-rules', 'DELETE'), true);
    assert.equal(rbac.allows(['admin'], '/api/me', 'GET'), false);
    assert.equal(rbac.allows(['customer', 'support'], '/api/admin/users', 'GET'), true);
    assert.equal(rbac.allows([], '/api/me/addresses', 'GET'), false);
    assert.equal(rbac.allows(['unknown-role'], '/api/me/addresses', 'GET'), false);
  });

  test('HEAD needs what GET needs', async () => {
    const rbac = await RbacPolicy.build({ roles, permissions });
    assert.equal(rbac.allows(['support'], '/api/admin/users', 'HEAD'), true);
    assert.equal(rbac.allows(['customer'], '/api/admin/users', 'HEAD'), false);
  });
});

describe('IpFilter', () => {
  test('an address in a denied block is denied unless an allow rule covers it', () => {
    const filter = new IpFilter([
      { cidr: '10.0.0.0/8', action: 'deny' },
      { cidr: '10.1.2.3/32', action: 'allow' },
      { cidr: '2001:db8::/32', action: 'deny' },
    ]);
    assert.equal(filter.denies('10.200.0.1'), true);
    assert.equal(filter.denies('10.1.2.3'), false);
    assert.equal(filter.denies('11.0.0.1'), false);
    assert.equal(filter.denies('::ffff:10.9.9.9'), true);
    assert.equal(filter.denies('2001:db8::42'), true);
    assert.equal(filter.denies('2001:db9::42'), false);
  });

  test('allow rules alone deny nobody', () => {
    const filter = new IpFilter([{ cidr: '127.0.0.1/32', action: 'allow' }]);
    assert.equal(filter.denies('127.0.0.1'), false);
    assert.equal(filter.denies('192.0.2.1'), false);
  });
});

describe('AccessPolicy', () => {
  test('a ban holds until its expiry and ends by itself; one without expiry holds until lifted', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const policy = await AccessPolicy.compile({
      version: 7,
      roles,
      permissions,
      bans: [
        { userId: '00000000-0000-4000-8000-000000000001', expiresAt: '2030-01-01T00:01:00Z' },
        { userId: '00000000-0000-4000-8000-000000000002', expiresAt: null },
      ],
      ipRules: [],
    });
    assert.equal(policy.version, 7);
    assert.equal(policy.isBanned('00000000-0000-4000-8000-000000000001', now), true);
    assert.equal(policy.isBanned('00000000-0000-4000-8000-000000000001', now + 60_000), false);
    assert.equal(policy.isBanned('00000000-0000-4000-8000-000000000002', now + 10 ** 12), true);
    assert.equal(policy.isBanned('00000000-0000-4000-8000-000000000003', now), false);
  });
});
