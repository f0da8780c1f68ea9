// The edge with real processes: one identity and two gateway processes on the real servers. A ban
// and a revoked permission hold on both gateways within 1 s, without a restart, carried by identity's
// events: the gateways poll only once a minute, so the poll cannot meet that bound.
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { IdentityContract } from '@mall/contracts/identity';
import { openDatabase, type Database } from '@mall/platform/db';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { Cluster } from '@mall/platform/runtime';
import { modules } from '../../launch/services.ts';
import { serverEnv } from '../fixture/harness.ts';
import { Browser, uniqueEmail } from '../../services/gateway/test/harness.ts';
import { within } from './harness.ts';

const PASSWORD = 'a good password';
let cluster: Cluster;
let browsers: Browser[];
let registry: StaticRegistry;
let transport: HttpTransport;
let rpc: Client<typeof IdentityContract>;
let db: Database;
const cleanup: Array<() => Promise<unknown>> = [];

before(async () => {
  const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
  cluster = await Cluster.launch(
    [
      { service: 'identity', module: modules.identity!, instances: 1 },
      { service: 'gateway', module: modules.gateway!, instances: 2, env: { MALL_GATEWAY_POLICY_POLL_INTERVAL_MS: '60000' } },
    ],
    {
      env: serverEnv,
      onLine: (prefix, line) => void ((verbose || /"level":"(error|fatal)"/.test(line)) && process.stdout.write(`${prefix} ${line}\n`)),
    },
  );
  browsers = cluster.instances('gateway').map((g) => new Browser(g.url));
  registry = new StaticRegistry({ identity: cluster.instances('identity').map((i) => i.url) });
  transport = await HttpTransport.connect('identity', registry, { healthIntervalMs: 0 });
  rpc = createClient(IdentityContract, transport);
  db = await openDatabase({ driver: 'pg', url: serverEnv.MALL_POSTGRES_URL!, poolSize: 1 });
});

after(async () => {
  for (const undo of cleanup.reverse()) await undo();
  await db.close();
  await transport.close();
  await registry.close();
  for (const b of browsers) await b.close();
  await cluster.stop();
});

async function signUp(label: string, roles?: string[]): Promise<{ userId: string; token: string }> {
  const email = uniqueEmail(label);
  const registered = await browsers[0]!.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const userId = registered.body.user.id as string;
  if (roles) {
    await rpc.setUserRoles({ userId, roles });
    cleanup.push(() => rpc.setUserRoles({ userId, roles: ['customer'] }));
  }
  const login = await browsers[0]!.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { userId, token: login.body.accessToken as string };
}

const onBoth = (check: (b: Browser) => Promise<boolean>) =>
  within(1000, async () => (await Promise.all(browsers.map(check))).every(Boolean), 20);

test('a ban holds on both gateway processes within 1 s despite a valid token, and lifts the same way', async () => {
  const admin = await signUp('cl-admin', ['admin', 'customer']);
  const user = await signUp('cl-banned');
  assert.notEqual(await onBoth(async (b) => (await b.call('GET', '/api/me', { token: user.token })).status === 200), undefined);
  const ban = await browsers[1]!.call('POST', `/api/admin/users/${user.userId}/ban`, {
    token: admin.token,
    body: { reason: 'cluster test' },
  });
  assert.equal(ban.status, 200, JSON.stringify(ban.body));
  cleanup.push(() => rpc.unbanUser({ userId: user.userId }));
  const took = await onBoth(async (b) => {
    const answer = await b.call('GET', '/api/me', { token: user.token });
    return answer.status === 403 && answer.body.error.code === 'USER_BANNED';
  });
  assert.notEqual(took, undefined, 'the ban held on both gateways within 1 s');
  await browsers[0]!.call('POST', `/api/admin/users/${user.userId}/unban`, { token: admin.token });
  assert.notEqual(
    await onBoth(async (b) => (await b.call('GET', '/api/me', { token: user.token })).status === 200),
    undefined,
    'the unban held within 1 s',
  );
});

test('a revoked permission stops working on both gateway processes within 1 s', async () => {
  const admin = await signUp('cl-admin2', ['admin', 'customer']);
  const role = `cl-${randomUUID().slice(0, 8)}`;
  assert.equal(
    (await browsers[0]!.call('POST', '/api/admin/roles', { token: admin.token, body: { name: role, description: 'cluster test' } })).status,
    201,
  );
  cleanup.push(() => db.forService('identity').query('DELETE FROM roles WHERE name = $1', [role]));
  const permission = { role, pattern: '^/api/admin/roles$', kind: 'regex' };
  assert.equal(
    (await browsers[0]!.call('POST', '/api/admin/permissions', { token: admin.token, body: { ...permission, methods: ['GET'] } })).status,
    200,
  );
  const holder = await signUp('cl-holder', ['customer', role]);
  assert.notEqual(
    await onBoth(async (b) => (await b.call('GET', '/api/admin/roles', { token: holder.token })).status === 200),
    undefined,
    'the grant holds',
  );
  const revoked = await browsers[1]!.call('DELETE', `/api/admin/permissions?${new URLSearchParams(permission).toString()}`, {
    token: admin.token,
  });
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  const took = await onBoth(async (b) => (await b.call('GET', '/api/admin/roles', { token: holder.token })).status === 403);
  assert.notEqual(took, undefined, 'the revocation held on both gateways within 1 s');
});
