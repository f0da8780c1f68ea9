// The warehouse back office through the gateway: /api/admin/inventory/... with a real identity, inventory and
// gateway on the real servers (and once in the all-in-one host). Only the `warehouse` role (and admin) pass;
// everything else is refused before inventory is called, and bad input is a 400 with a machine-readable code.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteDef } from '@mall/contracts';
import { inventoryAdminRoutes } from '@mall/contracts/gateway';
import { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, expectErrorAnswer, startEmbedded, startInstance, type Connection, type EmbeddedHost } from '@mall/platform/testkit';
import gatewayService from '../src/service.ts';
import identityService from '../../identity/src/service.ts';
import inventoryService from '../../inventory/src/service.ts';
import { Browser, startGateway, startIdentity, uniqueEmail } from './harness.ts';

const PASSWORD = 'a good password';
const routes: RouteDef[] = Object.values(inventoryAdminRoutes);

/** A user registered through the gateway, given `roles` by identity, and signed in again so the token carries them. */
async function signedIn(
  browser: Browser,
  identity: Client<typeof IdentityContract>,
  roles: string[],
): Promise<{ token: string; userId: string }> {
  const email = uniqueEmail('inventory');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  if (roles.length > 0) await identity.setUserRoles({ userId: registered.body.user.id, roles });
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  return { token: login.body.accessToken, userId: registered.body.user.id };
}

/** A path of the route with a fresh SKU id, and a body it accepts. */
function callOf(route: RouteDef): { path: string; body?: unknown } {
  const path = route.path.replace(':skuId', randomUUID());
  return route.body
    ? { path, body: route.path.endsWith('/adjust') ? { delta: 1, reason: 'count' } : { quantity: 1, reason: 'delivery' } }
    : { path };
}

describe('inventory back office through the gateway (cluster instances)', () => {
  let identity: RunningInstance;
  let inventory: RunningInstance;
  let gateway: RunningInstance;
  let identityRpc: Connection<typeof IdentityContract>;
  let browser: Browser;
  let warehouse: string;
  let warehouseId: string;
  let customer: string;

  before(async () => {
    identity = await startIdentity();
    inventory = await startInstance(inventoryService, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
    // Static addresses: this gateway talks to exactly the instances this test started.
    gateway = await startGateway(`identity=${identity.url};inventory=${inventory.url}`);
    browser = new Browser(gateway.url);
    identityRpc = await connect(IdentityContract, [identity.url]);
    ({ token: warehouse, userId: warehouseId } = await signedIn(browser, identityRpc.client, ['warehouse']));
    ({ token: customer } = await signedIn(browser, identityRpc.client, []));
  });

  after(async () => {
    await browser.close();
    await identityRpc.close();
    await gateway.shutdown('test over');
    await inventory.shutdown('test over');
    await identity.shutdown('test over');
  });

  test('every inventory route is 401 without a token and 403 for a customer, changing nothing', async () => {
    for (const route of routes) {
      const { path, body } = callOf(route);
      const what = `${route.method} ${route.path}`;
      const anonymous = await browser.call(route.method, path, body === undefined ? {} : { body });
      assert.equal(anonymous.status, 401, `${what}: ${JSON.stringify(anonymous.body)}`);
      assert.equal(anonymous.body.error.code, 'UNAUTHORIZED', what);
      const refused = await browser.call(route.method, path, { token: customer, ...(body === undefined ? {} : { body }) });
      assert.equal(refused.status, 403, `${what}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'FORBIDDEN', what);
    }
    const audit = await browser.call('GET', '/api/admin/inventory/audit', { token: warehouse });
    assert.equal(audit.status, 200);
  });

  test('the warehouse role reaches inventory and nothing else of the back office', async () => {
    expectErrorAnswer(await browser.call('GET', '/api/admin/users', { token: warehouse }), 403, 'FORBIDDEN');
    expectErrorAnswer(await browser.call('GET', '/api/admin/roles', { token: warehouse }), 403, 'FORBIDDEN');
  });

  test('a warehouse clerk restocks, adjusts, reads the SKU, the list and the ledger, and the audit is clean', async () => {
    const skuId = randomUUID();
    const base = `/api/admin/inventory/stock/${skuId}`;
    const restocked = await browser.call('POST', `${base}/restock`, { token: warehouse, body: { quantity: 12, reason: 'delivery 7' } });
    assert.equal(restocked.status, 200, JSON.stringify(restocked.body));
    assert.deepEqual([restocked.body.onHand, restocked.body.available], [12, 12]);
    const adjusted = await browser.call('POST', `${base}/adjust`, { token: warehouse, body: { delta: -2, reason: 'two broken' } });
    assert.equal(adjusted.body.onHand, 10);
    assert.equal((await browser.call('GET', base, { token: warehouse })).body.onHand, 10);
    const ledger = await browser.call('GET', `${base}/ledger?page=1&pageSize=10`, { token: warehouse });
    assert.deepEqual(
      ledger.body.entries.map((e: { kind: string; reason: string; actor: string }) => [e.kind, e.reason, e.actor]),
      [
        ['adjustment', 'two broken', warehouseId],
        ['restock', 'delivery 7', warehouseId],
      ],
      'each movement names the clerk who made it',
    );
    const list = await browser.call('GET', '/api/admin/inventory/stock?pageSize=5', { token: warehouse });
    assert.deepEqual([list.status, list.body.pageSize], [200, 5]);
    const audit = await browser.call('GET', '/api/admin/inventory/audit', { token: warehouse });
    assert.deepEqual(audit.body.findings, []);
  });

  test('a restock retried with its Idempotency-Key adds once; the key reused for another restock is 409', async () => {
    const skuId = randomUUID();
    const path = `/api/admin/inventory/stock/${skuId}/restock`;
    const headers = { 'idempotency-key': `restock-${randomUUID()}` };
    const first = await browser.call('POST', path, { token: warehouse, headers, body: { quantity: 5, reason: 'delivery' } });
    const again = await browser.call('POST', path, { token: warehouse, headers, body: { quantity: 5, reason: 'delivery' } });
    assert.deepEqual(again.body, first.body);
    assert.equal(again.body.onHand, 5);
    expectErrorAnswer(
      await browser.call('POST', path, { token: warehouse, headers, body: { quantity: 6, reason: 'delivery' } }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectErrorAnswer(
      await browser.call('POST', path, { token: warehouse, headers: { 'idempotency-key': 'short' }, body: { quantity: 1, reason: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    assert.equal((await browser.call('GET', `/api/admin/inventory/stock/${skuId}`, { token: warehouse })).body.onHand, 5);
  });

  test('bad input is a 400 with a machine-readable code and changes nothing', async () => {
    const skuId = randomUUID();
    const base = `/api/admin/inventory/stock/${skuId}`;
    const token = warehouse;
    const refusals: [string, Awaited<ReturnType<Browser['call']>>][] = [
      ['quantity 0', await browser.call('POST', `${base}/restock`, { token, body: { quantity: 0, reason: 'x' } })],
      ['quantity as text', await browser.call('POST', `${base}/restock`, { token, body: { quantity: '5', reason: 'x' } })],
      ['quantity not whole', await browser.call('POST', `${base}/restock`, { token, body: { quantity: 1.5, reason: 'x' } })],
      ['no reason', await browser.call('POST', `${base}/restock`, { token, body: { quantity: 1 } })],
      ['reason too long', await browser.call('POST', `${base}/restock`, { token, body: { quantity: 1, reason: 'x'.repeat(201) } })],
      ['unknown field', await browser.call('POST', `${base}/adjust`, { token, body: { delta: 1, reason: 'x', onHand: 5 } })],
      ['sku not a uuid', await browser.call('GET', '/api/admin/inventory/stock/sku-1', { token })],
      ['page size 101', await browser.call('GET', '/api/admin/inventory/stock?pageSize=101', { token })],
      ['page 0', await browser.call('GET', `${base}/ledger?page=0`, { token })],
    ];
    for (const [what, answer] of refusals) assert.deepEqual([answer.status, answer.body.error?.code], [400, 'VALIDATION_FAILED'], what);
    expectErrorAnswer(await browser.call('POST', `${base}/adjust`, { token, body: { delta: 0, reason: 'x' } }), 400, 'ZERO_ADJUSTMENT');
    expectErrorAnswer(await browser.call('POST', `${base}/adjust`, { token, body: { delta: 1, reason: 'x' } }), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('GET', base, { token }), 404, 'NOT_FOUND');
    const ledger = await browser.call('GET', `${base}/ledger`, { token });
    assert.deepEqual([ledger.status, ledger.body.total], [200, 0], 'no movement was written');
  });

  test('an adjustment below what is reserved is 409 BELOW_RESERVED', async () => {
    const skuId = randomUUID();
    const base = `/api/admin/inventory/stock/${skuId}`;
    await browser.call('POST', `${base}/restock`, { token: warehouse, body: { quantity: 1, reason: 'delivery' } });
    expectErrorAnswer(
      await browser.call('POST', `${base}/adjust`, { token: warehouse, body: { delta: -2, reason: 'count' } }),
      409,
      'BELOW_RESERVED',
    );
  });
});

describe('inventory back office in the all-in-one host', () => {
  let host: EmbeddedHost;
  let browser: Browser;
  before(async () => {
    host = await startEmbedded([identityService, inventoryService, gatewayService]);
    browser = new Browser(host.url);
  });
  after(async () => {
    await browser.close();
    await host.shutdown('test over');
  });

  test('a warehouse clerk restocks through the public port and the audit route is clean; a customer is refused', async () => {
    const identity = host.client(IdentityContract);
    const { token: warehouse } = await signedIn(browser, identity, ['warehouse']);
    const { token: customer } = await signedIn(browser, identity, []);
    const path = `/api/admin/inventory/stock/${randomUUID()}/restock`;
    const restocked = await browser.call('POST', path, { token: warehouse, body: { quantity: 3, reason: 'delivery' } });
    assert.deepEqual([restocked.status, restocked.body.onHand], [200, 3]);
    expectErrorAnswer(await browser.call('POST', path, { token: customer, body: { quantity: 3, reason: 'delivery' } }), 403, 'FORBIDDEN');
    const audit = await browser.call('GET', '/api/admin/inventory/audit', { token: warehouse });
    assert.deepEqual([audit.status, audit.body.findings, audit.body.checkedSkus], [200, [], 1]);
  });
});
