// Every route of the public API, driven from the contracts themselves: a body with every field of
// the wrong JSON type (and an unknown one) is 400 VALIDATION_FAILED naming the fields, and changes nothing.
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayRoutes, type RouteDef } from '@mall/contracts';
import { IdentityContract } from '@mall/contracts/identity';
import { openDatabase, type Database } from '@mall/platform/db';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { Browser, serverEnv, startGateway, startIdentity, uniqueEmail } from './harness.ts';

const tables = ['users', 'roles', 'role_inherits', 'permissions', 'user_roles', 'addresses', 'bans', 'ip_rules', 'policy_version'];

let identity: RunningInstance;
let gateway: RunningInstance;
let browser: Browser;
let registry: StaticRegistry;
let transport: HttpTransport;
let rpc: Client<typeof IdentityContract>;
let db: Database;
let adminId: string;
let token: string;

before(async () => {
  identity = await startIdentity();
  gateway = await startGateway();
  browser = new Browser(gateway.url);
  registry = new StaticRegistry({ identity: [identity.url] });
  transport = await HttpTransport.connect('identity', registry, { healthIntervalMs: 0 });
  rpc = createClient(IdentityContract, transport);
  db = await openDatabase({ driver: 'pg', url: serverEnv.MALL_POSTGRES_URL!, poolSize: 1 });
  const email = uniqueEmail('bad-input');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } });
  adminId = registered.body.user.id;
  // An admin passes authentication and RBAC on every route, so what is left to refuse is the input.
  await rpc.setUserRoles({ userId: adminId, roles: ['admin', 'customer'] });
  token = (await browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } })).body.accessToken;
});

after(async () => {
  await rpc.setUserRoles({ userId: adminId, roles: ['customer'] });
  await db.close();
  await transport.close();
  await registry.close();
  await browser.close();
  await gateway.shutdown('test over');
  await identity.shutdown('test over');
});

/**
 * One call of the sweep; the sweep sends a few hundred requests as one user in a few seconds, so a 429 from the
 * per-user rate limit is waited out and the call repeated: what is under test is the input, not the limit.
 */
async function call(...args: Parameters<Browser['call']>): ReturnType<Browser['call']> {
  for (;;) {
    const answer = await browser.call(...args);
    if (answer.status !== 429) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000 * (answer.body.error?.details?.retryAfterSeconds ?? 1)));
  }
}

/** A value of another JSON type than the schema asks for. */
function wrongValue(schema: { type?: unknown }): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'twelve';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-a-list';
    case 'object':
      return 7;
    default:
      return [[]];
  }
}

function wrongBody(route: RouteDef): Record<string, unknown> {
  const schema = JSON.parse(JSON.stringify(route.body)) as { properties?: Record<string, { type?: unknown }> };
  const body: Record<string, unknown> = { unexpectedField: true };
  for (const [name, prop] of Object.entries(schema.properties ?? {})) body[name] = wrongValue(prop);
  return body;
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number((await db.forService('identity').query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  return out;
}

test('every route with a body refuses wrongly typed fields and unknown ones with 400 naming them, changing nothing', async () => {
  const routes = gatewayRoutes.filter((r) => r.body && r.path.startsWith('/api/'));
  assert.ok(routes.length >= 8, `routes with bodies: ${routes.length}`);
  const before = await counts();
  for (const route of routes) {
    const path = route.path.replace(/:[A-Za-z]+/g, randomUUID());
    const body = wrongBody(route);
    const answer = await call(route.method, path, { token, body });
    const what = `${route.method} ${route.path}`;
    assert.equal(answer.status, 400, `${what}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, 'VALIDATION_FAILED', what);
    const paths: string[] = answer.body.error.details.fields.map((f: { path: string }) => f.path);
    assert.ok(paths.length > 0, `${what} names the bad fields`);
  }
  assert.deepEqual(await counts(), before, 'no row was created, changed away or deleted');
});

test('a body that is not JSON is 400 MALFORMED_JSON on every route with a body', async () => {
  for (const route of gatewayRoutes.filter((r) => r.body && r.path.startsWith('/api/'))) {
    const path = route.path.replace(/:[A-Za-z]+/g, randomUUID());
    const answer = await call(route.method, path, { token, rawBody: '{"oops": ' });
    assert.deepEqual([answer.status, answer.body.error?.code], [400, 'MALFORMED_JSON'], `${route.method} ${route.path}`);
  }
});

test('every route with path parameters or a query refuses bad ones with 400 naming them, changing nothing', async () => {
  const before = await counts();
  const withParams = gatewayRoutes.filter((r) => r.params && r.path.startsWith('/api/'));
  assert.ok(withParams.length >= 5, `routes with parameters: ${withParams.length}`);
  for (const route of withParams) {
    const answer = await call(route.method, route.path.replace(/:[A-Za-z]+/g, 'not-a-uuid'), {
      token,
      ...(route.body ? { body: {} } : {}),
    });
    assert.equal(answer.status, 400, `${route.method} ${route.path}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
  }
  const withQuery = gatewayRoutes.filter((r) => r.query && r.path.startsWith('/api/'));
  assert.ok(withQuery.length >= 3, `routes with a query: ${withQuery.length}`);
  for (const route of withQuery) {
    const answer = await call(route.method, `${route.path}?unexpected=1`, { token });
    assert.equal(answer.status, 400, `${route.method} ${route.path}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
  }
  const absurdPage = await call('GET', '/api/admin/users?limit=100000', { token });
  assert.deepEqual([absurdPage.status, absurdPage.body.error.code], [400, 'VALIDATION_FAILED']);
  assert.deepEqual(await counts(), before, 'no row was created, changed away or deleted');
});
