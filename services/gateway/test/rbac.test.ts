// RBAC, bans and IP rules end to end: a real identity and TWO gateway instances on the real servers.
// Policy changes made through one gateway's /api/admin must take effect on both within a second, carried by
// identity's events: the gateways poll only once a minute, so the poll cannot meet that bound.
import { randomInt, randomUUID } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'undici';
import { IdentityContract } from '@mall/contracts/identity';
import { openDatabase, type Database } from '@mall/platform/db';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { expectErrorAnswer } from '@mall/platform/testkit';
import { Browser, serverEnv, startGateway, startIdentity, uniqueEmail, type Answer } from './harness.ts';

const PASSWORD = 'a good password';
const WITHIN_MS = 1000;
/** The gateways' safety-net poll, far above WITHIN_MS (the env layer of their configuration reads process.env). */
const POLL_ENV = 'MALL_GATEWAY_POLICY_POLL_INTERVAL_MS';

/** Polls until `check` holds on every gateway, failing when that takes more than a second. */
async function onEveryGatewayWithin(what: string, browsers: Browser[], check: (b: Browser) => Promise<boolean>): Promise<number> {
  const started = Date.now();
  const pending = new Set(browsers);
  while (pending.size > 0) {
    for (const b of [...pending]) if (await check(b)) pending.delete(b);
    if (pending.size === 0) break;
    if (Date.now() - started > WITHIN_MS) assert.fail(`not within ${WITHIN_MS} ms on ${pending.size} gateway(s): ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

/** A client that connects from another loopback address, so denying it leaves every other test's 127.0.0.1 alone. */
class RemoteClient {
  private readonly pool: Pool;
  constructor(url: string, localAddress: string) {
    this.pool = new Pool(url, { connections: 1, localAddress });
  }
  async get(path: string, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await this.pool.request({
      method: 'GET',
      path,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      headers: res.headers,
      body: text && String(res.headers['content-type']).includes('json') ? JSON.parse(text) : text,
    };
  }
  close(): Promise<void> {
    return this.pool.close();
  }
}

describe('RBAC, bans and IP rules across two gateways', () => {
  let identity: RunningInstance;
  const gateways: RunningInstance[] = [];
  let browsers: Browser[];
  let first: Browser;
  let rpc: Client<typeof IdentityContract>;
  let transport: HttpTransport;
  let registry: StaticRegistry;
  let db: Database;
  let adminToken: string;
  let adminId: string | undefined;
  const createdRoles: string[] = [];
  const createdIpRules: string[] = [];
  const bannedUsers: string[] = [];

  async function signUp(label: string): Promise<{ userId: string; email: string; token: string }> {
    const email = uniqueEmail(label);
    const registered = await first.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    return { userId: registered.body.user.id, email, token: await logIn(email) };
  }

  async function logIn(email: string): Promise<string> {
    const login = await first.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    return login.body.accessToken;
  }

  /** Gives a user roles through identity's RPC (the way an operator's first admin is made), then a token carrying them. */
  async function withRoles(label: string, roles: string[]): Promise<{ userId: string; token: string }> {
    const user = await signUp(label);
    await rpc.setUserRoles({ userId: user.userId, roles });
    return { userId: user.userId, token: await logIn(user.email) };
  }

  /**
   * A random 127.x.y.0/24: loopback, yet no other test's client comes from it. Rules already in the shared
   * database (another run's, say) must not cover it, or the "before any rule" check would fail for them.
   */
  async function unusedLoopbackBlock(): Promise<string> {
    const rules = (await rpc.policySnapshot({})).ipRules ?? [];
    const taken = new BlockList();
    for (const r of rules)
      if (isIP(r.cidr.split('/')[0] ?? '') === 4) taken.addSubnet(r.cidr.split('/')[0]!, Number(r.cidr.split('/')[1] ?? 32), 'ipv4');
    for (;;) {
      const block = `127.${randomInt(2, 250)}.${randomInt(0, 250)}`;
      if (!taken.check(`${block}.9`, 'ipv4') && !taken.check(`${block}.10`, 'ipv4')) return block;
    }
  }

  before(async () => {
    identity = await startIdentity();
    process.env[POLL_ENV] = '60000';
    try {
      gateways.push(await startGateway(), await startGateway());
    } finally {
      delete process.env[POLL_ENV];
    }
    browsers = gateways.map((g) => new Browser(g.url));
    first = browsers[0]!;
    registry = new StaticRegistry({ identity: [identity.url] });
    transport = await HttpTransport.connect('identity', registry, { healthIntervalMs: 0 });
    rpc = createClient(IdentityContract, transport);
    db = await openDatabase({ driver: 'pg', url: serverEnv.MALL_POSTGRES_URL!, poolSize: 1 });
    const admin = await withRoles('admin', ['admin', 'customer']);
    [adminId, adminToken] = [admin.userId, admin.token];
  });

  after(async () => {
    // Whatever happened above, the shared policy goes back to how it was.
    for (const cidr of createdIpRules) await rpc.removeIpRule({ cidr });
    for (const userId of bannedUsers) await rpc.unbanUser({ userId });
    // No admin account with a known password is left behind in the shared database.
    if (adminId !== undefined) await rpc.setUserRoles({ userId: adminId, roles: ['customer'] });
    // Roles have no delete method yet; the cascade removes their grants and permissions with them.
    for (const role of createdRoles) await db.forService('identity').query('DELETE FROM roles WHERE name = $1', [role]);
    await db.close();
    await transport.close();
    await registry.close();
    for (const b of browsers) await b.close();
    for (const g of gateways) await g.shutdown('test over');
    await identity.shutdown('test over');
  });

  test('a customer calling a back-office route gets 403 FORBIDDEN but keeps /api/me; an admin gets 200', async () => {
    const customer = await signUp('customer');
    for (const b of browsers) {
      expectErrorAnswer(await b.call('GET', '/api/admin/users', { token: customer.token }), 403, 'FORBIDDEN');
      assert.equal((await b.call('GET', '/api/me', { token: customer.token })).status, 200);
      assert.equal((await b.call('GET', '/api/me/addresses', { token: customer.token })).status, 200);
    }
    const found = await first.call('GET', `/api/admin/users?search=${encodeURIComponent(customer.email)}&limit=5`, { token: adminToken });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.equal(found.body.total, 1);
    assert.deepEqual(
      found.body.users.map((u: { id: string; roles: string[] }) => [u.id, u.roles]),
      [[customer.userId, ['customer']]],
    );
    assert.equal((await first.call('GET', '/api/admin/roles', { token: adminToken })).status, 200);
    expectErrorAnswer(await first.call('GET', '/api/admin/users'), 401, 'UNAUTHORIZED');
  });

  test('a revoked permission stops working on both gateways within 1 s, without a restart', async () => {
    const role = `rbac-${randomUUID().slice(0, 8)}`;
    const created = await first.call('POST', '/api/admin/roles', { token: adminToken, body: { name: role, description: 'reads roles' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    createdRoles.push(role);
    const permission = { role, pattern: '^/api/admin/roles$', kind: 'regex' };
    const granted = await first.call('POST', '/api/admin/permissions', { token: adminToken, body: { ...permission, methods: ['GET'] } });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    const holder = await signUp('role-holder');
    const set = await first.call('PUT', `/api/admin/users/${holder.userId}/roles`, {
      token: adminToken,
      body: { roles: ['customer', role] },
    });
    assert.deepEqual(set.body.roles, ['customer', role].sort());
    const token = await logIn(holder.email);
    await onEveryGatewayWithin(
      'the granted permission works',
      browsers,
      async (b) => (await b.call('GET', '/api/admin/roles', { token })).status === 200,
    );
    expectErrorAnswer(await first.call('GET', '/api/admin/permissions', { token }), 403, 'FORBIDDEN');

    const query = new URLSearchParams(permission).toString();
    const revoked = await browsers[1]!.call('DELETE', `/api/admin/permissions?${query}`, { token: adminToken });
    assert.deepEqual([revoked.status, revoked.body.removed], [200, true]);
    await onEveryGatewayWithin(
      'the revoked permission is refused',
      browsers,
      async (b) => (await b.call('GET', '/api/admin/roles', { token })).status === 403,
    );
    expectErrorAnswer(await browsers[1]!.call('GET', '/api/admin/roles', { token }), 403, 'FORBIDDEN');
  });

  test('a banned user gets 403 USER_BANNED on both gateways within 1 s despite a valid token, and is let in again when unbanned', async () => {
    const user = await signUp('banned');
    const ban = await first.call('POST', `/api/admin/users/${user.userId}/ban`, {
      token: adminToken,
      body: { reason: 'chargeback fraud' },
    });
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    bannedUsers.push(user.userId);
    assert.deepEqual([ban.body.ban.reason, ban.body.ban.expiresAt], ['chargeback fraud', null]);
    await onEveryGatewayWithin(
      'the ban applies',
      browsers,
      async (b) => (await b.call('GET', '/api/me', { token: user.token })).status === 403,
    );
    for (const b of browsers) expectErrorAnswer(await b.call('GET', '/api/me', { token: user.token }), 403, 'USER_BANNED');
    const listed = await first.call('GET', `/api/admin/users?search=${encodeURIComponent(user.email)}`, { token: adminToken });
    assert.equal(listed.body.users[0].ban.reason, 'chargeback fraud');

    const unban = await first.call('POST', `/api/admin/users/${user.userId}/unban`, { token: adminToken });
    assert.deepEqual([unban.status, unban.body.lifted], [200, true]);
    await onEveryGatewayWithin(
      'the unban applies',
      browsers,
      async (b) => (await b.call('GET', '/api/me', { token: user.token })).status === 200,
    );
  });

  test('a ban with an expiry ends by itself at that instant', async () => {
    const user = await signUp('ban-expiry');
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const ban = await first.call('POST', `/api/admin/users/${user.userId}/ban`, {
      token: adminToken,
      body: { reason: 'cooling off', expiresAt },
    });
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    bannedUsers.push(user.userId);
    await onEveryGatewayWithin(
      'the ban applies',
      browsers,
      async (b) => (await b.call('GET', '/api/me', { token: user.token })).status === 403,
    );
    await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 50));
    for (const b of browsers) assert.equal((await b.call('GET', '/api/me', { token: user.token })).status, 200);
  });

  test('a denied address gets 403 IP_DENIED on both gateways within 1 s, even on public routes; an allowed one inside the block gets through', async () => {
    const block = await unusedLoopbackBlock();
    const denied = gateways.map((g) => new RemoteClient(g.url, `${block}.9`));
    const allowed = gateways.map((g) => new RemoteClient(g.url, `${block}.10`));
    try {
      for (const c of denied) {
        const answer = await c.get('/api/openapi.json');
        assert.equal(
          answer.status,
          200,
          `${block}.9 is refused before any rule of this test: ${JSON.stringify(answer.body).slice(0, 300)}`,
        );
      }
      createdIpRules.push(`${block}.0/24`, `${block}.10/32`);
      const deny = await first.call('POST', '/api/admin/ip-rules', {
        token: adminToken,
        body: { cidr: `${block}.0/24`, action: 'deny', reason: 'scraper' },
      });
      assert.equal(deny.status, 200, JSON.stringify(deny.body));
      const allow = await first.call('POST', '/api/admin/ip-rules', { token: adminToken, body: { cidr: `${block}.10`, action: 'allow' } });
      assert.deepEqual([allow.status, allow.body.rule.cidr], [200, `${block}.10/32`]);
      const started = Date.now();
      await Promise.all(
        denied.map(async (c) => {
          while ((await c.get('/api/openapi.json')).status !== 403) {
            if (Date.now() - started > WITHIN_MS) assert.fail('the deny rule did not apply within 1 s');
            await new Promise((r) => setTimeout(r, 20));
          }
        }),
      );
      for (const c of denied) {
        expectErrorAnswer(await c.get('/api/openapi.json'), 403, 'IP_DENIED');
        expectErrorAnswer(await c.get('/api/me', adminToken), 403, 'IP_DENIED');
        expectErrorAnswer(await c.get('/api/me', 'garbage'), 403, 'IP_DENIED');
        // No proxy is trusted (MALL_TRUST_PROXY unset): a forwarded address is the caller's claim and changes nothing.
        expectErrorAnswer(await c.get('/api/openapi.json', undefined, { 'x-forwarded-for': '203.0.113.7' }), 403, 'IP_DENIED');
      }
      // The allow rule is a change of its own, one event after the deny: it too holds within 1 s.
      const allowedFrom = Date.now();
      for (const c of allowed) {
        while ((await c.get('/api/me', adminToken)).status !== 200) {
          if (Date.now() - allowedFrom > WITHIN_MS) assert.fail('the allow rule did not apply within 1 s');
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    } finally {
      for (const cidr of createdIpRules.splice(0)) await rpc.removeIpRule({ cidr });
    }
    const back = Date.now();
    for (const c of denied) {
      while ((await c.get('/api/openapi.json')).status !== 200) {
        if (Date.now() - back > WITHIN_MS) assert.fail('the removed rule still applies after 1 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    for (const c of [...denied, ...allowed]) await c.close();
  });

  test('bad admin input is 400 naming the field, and changes nothing', async () => {
    const before = (await first.call('GET', '/api/admin/ip-rules', { token: adminToken })).body.rules;
    const badCidr = await first.call('POST', '/api/admin/ip-rules', { token: adminToken, body: { cidr: '300.1.2.3/8', action: 'deny' } });
    expectErrorAnswer(badCidr, 400, 'INVALID_CIDR');
    assert.equal(badCidr.body.error.details.fields[0].path, '/cidr');
    const badPrefix = await first.call('POST', '/api/admin/ip-rules', { token: adminToken, body: { cidr: '10.0.0.0/33', action: 'deny' } });
    expectErrorAnswer(badPrefix, 400, 'INVALID_CIDR');
    const badAction = await first.call('POST', '/api/admin/ip-rules', { token: adminToken, body: { cidr: '10.0.0.0/8', action: 'block' } });
    expectErrorAnswer(badAction, 400, 'VALIDATION_FAILED');
    assert.deepEqual(
      badAction.body.error.details.fields.map((f: { path: string }) => f.path),
      ['/body/action'],
    );
    assert.deepEqual((await first.call('GET', '/api/admin/ip-rules', { token: adminToken })).body.rules, before);

    const unanchored = await first.call('POST', '/api/admin/permissions', {
      token: adminToken,
      body: { role: 'support', pattern: '/api/admin/.*', kind: 'regex', methods: ['GET'] },
    });
    expectErrorAnswer(unanchored, 400, 'INVALID_PERMISSION');
    const unknownRole = await first.call('POST', '/api/admin/permissions', {
      token: adminToken,
      body: { role: 'nobody-here', pattern: '/api/x', kind: 'key', methods: ['GET'] },
    });
    expectErrorAnswer(unknownRole, 400, 'UNKNOWN_ROLE');
    const extra = await first.call('POST', '/api/admin/permissions', {
      token: adminToken,
      body: { role: 'support', pattern: '/api/x', kind: 'key', methods: ['GET'], effect: 'deny' },
    });
    assert.deepEqual(
      extra.body.error.details.fields.map((f: { path: string }) => f.path),
      ['/body/effect'],
    );
    const permissions = (await first.call('GET', '/api/admin/permissions', { token: adminToken })).body.permissions as {
      pattern: string;
    }[];
    assert.ok(!permissions.some((p) => p.pattern === '/api/admin/.*' || p.pattern === '/api/x'));

    const user = await signUp('bad-ban');
    const past = await first.call('POST', `/api/admin/users/${user.userId}/ban`, {
      token: adminToken,
      body: { reason: 'late', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expectErrorAnswer(past, 400, 'INVALID_EXPIRY');
    const noReason = await first.call('POST', `/api/admin/users/${user.userId}/ban`, { token: adminToken, body: {} });
    assert.deepEqual(
      noReason.body.error.details.fields.map((f: { path: string }) => f.path),
      ['/body/reason'],
    );
    assert.equal((await first.call('GET', '/api/me', { token: user.token })).status, 200);
    assert.deepEqual(
      (await first.call('GET', '/api/admin/users?limit=1000', { token: adminToken })).body.error.details.fields.map(
        (f: { path: string }) => f.path,
      ),
      ['/querystring/limit'],
    );
    expectErrorAnswer(
      await first.call('PUT', `/api/admin/users/${user.userId}/roles`, { token: adminToken, body: { roles: ['no-such-role'] } }),
      400,
      'UNKNOWN_ROLE',
    );
    assert.deepEqual(
      (await first.call('GET', `/api/admin/users?search=${encodeURIComponent(user.email)}`, { token: adminToken })).body.users[0].roles,
      ['customer'],
    );
  });
});
