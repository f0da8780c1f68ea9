// Identity's back-office policy on the all-in-one host (PGlite, in-process bus): every change bumps the
// policy version and publishes its event, no-ops publish nothing, and the snapshot answers `unchanged` cheaply.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMallError, type EventDef } from '@mall/contracts';
import { IdentityContract, IpRuleChanged, PermissionChanged, UserBanned, UserUnbanned } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { defineService } from '@mall/platform/runtime';
import { startEmbedded, type EmbeddedHost } from '@mall/platform/testkit';
import identityService from '../src/service.ts';
import { idempotencyKey, uniqueEmail } from './harness.ts';

const heard: Array<{ subject: string; payload: Record<string, unknown> }> = [];
const listen = (event: EventDef) => ({
  name: `audit-${event.subject.replace(/\W/g, '-')}`,
  event,
  handle: async (payload: unknown) => {
    heard.push({ subject: event.subject, payload: payload as Record<string, unknown> });
  },
});

const dirs = { noMigrations: mkdtempSync(join(tmpdir(), 'mall-audit-')) };
/** Stands in for an auditing service: it hears every policy event through its durable consumers. */
const audit = defineService({
  name: 'policyaudit',
  migrations: dirs.noMigrations,
  consumers: () => [listen(PermissionChanged), listen(UserBanned), listen(UserUnbanned), listen(IpRuleChanged)],
});

async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`not within 5 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('identity policy administration (all-in-one host)', () => {
  let host: EmbeddedHost;
  let identity: Client<typeof IdentityContract>;

  before(async () => {
    host = await startEmbedded([identityService, audit]);
    identity = host.client(IdentityContract);
  });
  after(async () => {
    await host.shutdown('test over');
    rmSync(dirs.noMigrations, { recursive: true, force: true });
  });

  test('every change bumps the policy version by one and publishes its event', async () => {
    const { user } = await identity.register({
      idempotencyKey: idempotencyKey(),
      email: uniqueEmail('policy'),
      password: 'a good password',
    });
    const start = (await identity.policySnapshot({})).version;
    const versions = [
      (await identity.createRole({ name: 'auditor', inherits: ['support'] })).version,
      (await identity.grantPermission({ role: 'auditor', pattern: '^/api/admin/audit$', kind: 'regex', methods: ['GET'] })).version,
      (await identity.setUserRoles({ userId: user.id, roles: ['customer', 'auditor'] })).version,
      (await identity.banUser({ userId: user.id, reason: 'spam' })).version,
      (await identity.unbanUser({ userId: user.id })).version,
      (await identity.addIpRule({ cidr: '192.0.2.7/24', action: 'deny' })).version,
      (await identity.removeIpRule({ cidr: '192.0.2.0/24' })).version,
      (await identity.revokePermission({ role: 'auditor', pattern: '^/api/admin/audit$', kind: 'regex' })).version,
    ];
    assert.deepEqual(
      versions,
      versions.map((_, i) => start + i + 1),
    );
    await eventually('eight events heard', () => heard.length >= 8);
    assert.deepEqual(
      heard.map((h) => [h.subject, h.payload.policyVersion]),
      [
        ['identity.permission-changed', start + 1],
        ['identity.permission-changed', start + 2],
        ['identity.permission-changed', start + 3],
        ['identity.user-banned', start + 4],
        ['identity.user-unbanned', start + 5],
        ['identity.ip-rule-changed', start + 6],
        ['identity.ip-rule-changed', start + 7],
        ['identity.permission-changed', start + 8],
      ],
    );
    assert.equal(heard[5]?.payload.cidr, '192.0.2.0/24');
    assert.deepEqual(heard[2]?.payload.roles, ['auditor', 'customer']);
  });

  test('a change that changes nothing keeps the version and publishes nothing', async () => {
    const { user } = await identity.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('noop'), password: 'a good password' });
    const { version } = await identity.policySnapshot({});
    const heardBefore = heard.length;
    assert.deepEqual(await identity.revokePermission({ role: 'customer', pattern: '/api/nothing-here', kind: 'key' }), {
      removed: false,
      version,
    });
    assert.deepEqual(await identity.unbanUser({ userId: user.id }), { lifted: false, version });
    assert.deepEqual(await identity.removeIpRule({ cidr: '198.51.100.0/24' }), { removed: false, version });
    assert.deepEqual(await identity.grantRole({ userId: user.id, role: 'customer' }), { roles: ['customer'] });
    assert.deepEqual(await identity.revokeRole({ userId: user.id, role: 'ops' }), { roles: ['customer'] });
    assert.equal((await identity.policySnapshot({})).version, version);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(heard.length, heardBefore);
  });

  test('granting or revoking one role bumps the version and publishes user-roles-set', async () => {
    const { user } = await identity.register({
      idempotencyKey: idempotencyKey(),
      email: uniqueEmail('grant'),
      password: 'a good password',
    });
    const { version } = await identity.policySnapshot({});
    assert.deepEqual(await identity.grantRole({ userId: user.id, role: 'support' }), { roles: ['customer', 'support'] });
    assert.deepEqual(await identity.revokeRole({ userId: user.id, role: 'customer' }), { roles: ['support'] });
    assert.equal((await identity.policySnapshot({})).version, version + 2);
    const mine = () => heard.filter((h) => h.payload.userId === user.id).map((h) => h.payload.roles);
    await eventually('both role changes heard', () => mine().length === 2);
    assert.deepEqual(mine(), [['customer', 'support'], ['support']]);
  });

  test('the snapshot is "unchanged" at the current version and complete at an older one', async () => {
    const { user } = await identity.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('snap'), password: 'a good password' });
    const { version } = await identity.banUser({
      userId: user.id,
      reason: 'testing',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    assert.deepEqual(await identity.policySnapshot({ sinceVersion: version }), { version, unchanged: true });
    const full = await identity.policySnapshot({ sinceVersion: version - 1 });
    assert.equal(full.version, version);
    assert.ok(full.bans?.some((b) => b.userId === user.id && b.expiresAt !== null));
    assert.deepEqual(full.roles?.find((r) => r.name === 'admin')?.inherits, ['ops', 'support']);
    assert.ok(full.permissions?.some((p) => p.role === 'customer' && p.pattern === '/api/me'));
  });

  test('bad input is refused naming the field: CIDR, unanchored regex, past expiry, unknown role, last admin', async () => {
    const refused = async (call: Promise<unknown>, code: string): Promise<void> => {
      await assert.rejects(call, (err) => isMallError(err) && err.code === code && err.status < 500);
    };
    const { version } = await identity.policySnapshot({});
    await refused(identity.addIpRule({ cidr: '10.0.0.0/40', action: 'deny' }), 'INVALID_CIDR');
    await refused(
      identity.grantPermission({ role: 'support', pattern: '/api/admin/.*', kind: 'regex', methods: ['GET'] }),
      'INVALID_PERMISSION',
    );
    await refused(identity.grantPermission({ role: 'nobody', pattern: '/api/x', kind: 'key', methods: ['GET'] }), 'UNKNOWN_ROLE');
    await refused(identity.createRole({ name: 'support' }), 'ROLE_EXISTS');
    const { user } = await identity.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('bad'), password: 'a good password' });
    await refused(identity.banUser({ userId: user.id, reason: 'late', expiresAt: '2001-01-01T00:00:00Z' }), 'INVALID_EXPIRY');
    const [admin] = (await identity.listUsers({ search: 'admin@mall.local' })).users;
    assert.ok(admin);
    assert.ok(admin.roles.includes('admin'));
    await refused(identity.setUserRoles({ userId: admin.id, roles: ['customer'] }), 'LAST_ADMIN');
    assert.equal((await identity.policySnapshot({})).version, version);
  });
});
