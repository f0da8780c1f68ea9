// The order routes through the gateway, before any order exists: who may call them (401 without a token, 403 for a
// customer on the back office, the order-manager role passes) and bad input refused with 400 and a machine-readable
// code before the order service is called — a price or quantity sent to checkout is an unknown property, never used.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteDef } from '@mall/contracts';
import { IdentityContract } from '@mall/contracts/identity';
import { orderAdminRoutes, orderRoutes } from '@mall/contracts/order';
import type { Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, expectErrorAnswer, startInstance, type Connection } from '@mall/platform/testkit';
import orderService from '../../order/src/service.ts';
import { Browser, startGateway, startIdentity, uniqueEmail } from './harness.ts';

const PASSWORD = 'a good password';

async function signedIn(browser: Browser, identity: Client<typeof IdentityContract>, roles: string[]): Promise<string> {
  const email = uniqueEmail('orders');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  if (roles.length > 0) await identity.setUserRoles({ userId: registered.body.user.id, roles });
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  return login.body.accessToken;
}

const TOKEN = 'a'.repeat(43);
/** A call each route accepts as far as the gateway is concerned. */
function callOf(route: RouteDef): { path: string; body?: unknown } {
  const path = route.path.replace(':id', randomUUID());
  if (!route.body) return { path };
  if (route.path.endsWith('/ship')) return { path, body: { carrier: 'SF Express', trackingNo: 'SF123' } };
  if (route.path.endsWith('/refund-request')) return { path, body: { reason: 'changed my mind' } };
  if (route.path === '/api/orders') return { path, body: { submitToken: TOKEN, addressId: randomUUID() } };
  return { path, body: { addressId: randomUUID() } };
}

describe('order routes through the gateway (cluster instances)', () => {
  let identity: RunningInstance;
  let order: RunningInstance;
  let gateway: RunningInstance;
  let identityRpc: Connection<typeof IdentityContract>;
  let browser: Browser;
  let customer: string;
  let manager: string;

  before(async () => {
    identity = await startIdentity();
    order = await startInstance(orderService, { env: { MALL_POSTGRES_POOL_SIZE: '4', MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: '' } });
    gateway = await startGateway(`identity=${identity.url};order=${order.url}`);
    browser = new Browser(gateway.url);
    identityRpc = await connect(IdentityContract, [identity.url]);
    customer = await signedIn(browser, identityRpc.client, []);
    manager = await signedIn(browser, identityRpc.client, ['order-manager']);
  });

  after(async () => {
    await browser.close();
    await identityRpc.close();
    await gateway.shutdown('test over');
    await order.shutdown('test over');
    await identity.shutdown('test over');
  });

  test('every order route is 401 without a token', async () => {
    for (const route of [...Object.values(orderRoutes), ...Object.values(orderAdminRoutes)]) {
      const { path, body } = callOf(route);
      const answer = await browser.call(route.method, path, body === undefined ? {} : { body });
      expectErrorAnswer(answer, 401, 'UNAUTHORIZED');
    }
  });

  test('the back-office order routes are 403 for a customer and reached by the order-manager role', async () => {
    for (const route of Object.values(orderAdminRoutes)) {
      const { path, body } = callOf(route);
      expectErrorAnswer(
        await browser.call(route.method, path, { token: customer, ...(body === undefined ? {} : { body }) }),
        403,
        'FORBIDDEN',
      );
    }
    const search = await browser.call('GET', '/api/admin/orders?status=PAID&pageSize=5', { token: manager });
    assert.equal(search.status, 200, JSON.stringify(search.body));
    assert.equal(search.body.pageSize, 5);
    expectErrorAnswer(await browser.call('GET', `/api/admin/orders/${randomUUID()}`, { token: manager }), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('GET', '/api/admin/users', { token: manager }), 403, 'FORBIDDEN');
  });

  test("a customer's order list answers, and an order id that is not theirs is 404", async () => {
    const list = await browser.call('GET', '/api/orders', { token: customer });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body, { items: [], total: 0, page: 1, pageSize: 20 });
    expectErrorAnswer(await browser.call('GET', `/api/orders/${randomUUID()}`, { token: customer }), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('POST', `/api/orders/${randomUUID()}/cancel`, { token: customer }), 404, 'NOT_FOUND');
  });

  test('bad input to every order route is a 400 with a code, before the order service is asked', async () => {
    const id = randomUUID();
    const bad: Array<[RouteDef['method'], string, unknown]> = [
      ['POST', '/api/checkout/preview', {}],
      ['POST', '/api/checkout/preview', { addressId: 'not-a-uuid' }],
      ['POST', '/api/checkout/preview', { addressId: id, lines: [] }],
      ['POST', '/api/orders', { submitToken: TOKEN }],
      ['POST', '/api/orders', { submitToken: 'short', addressId: id }],
      ['POST', '/api/orders', { submitToken: TOKEN, addressId: id, total: { amount: 1, currency: 'CNY' } }],
      ['POST', '/api/orders', { submitToken: TOKEN, addressId: id, price: 1 }],
      ['POST', '/api/orders', { submitToken: TOKEN, addressId: id, quantity: 5 }],
      ['POST', '/api/orders', { submitToken: 42, addressId: id }],
      ['GET', '/api/orders?status=LOST', undefined],
      ['GET', '/api/orders?pageSize=101', undefined],
      ['GET', '/api/orders?page=0', undefined],
      ['GET', '/api/orders/not-a-uuid', undefined],
      ['POST', '/api/orders/not-a-uuid/cancel', undefined],
      ['POST', '/api/orders/not-a-uuid/confirm-receipt', undefined],
      ['POST', `/api/orders/${id}/refund-request`, {}],
      ['POST', `/api/orders/${id}/refund-request`, { reason: '' }],
      ['POST', `/api/orders/${id}/refund-request`, { reason: 'x'.repeat(201) }],
      ['GET', '/api/admin/orders?from=yesterday', undefined],
      ['GET', '/api/admin/orders?orderNo=%3Cscript%3E', undefined],
      ['GET', '/api/admin/orders?buyerId=me', undefined],
      ['GET', '/api/admin/orders?pageSize=1000', undefined],
      ['GET', '/api/admin/orders/not-a-uuid', undefined],
      ['POST', `/api/admin/orders/${id}/ship`, { carrier: 'SF' }],
      ['POST', `/api/admin/orders/${id}/ship`, { carrier: '', trackingNo: 'SF1' }],
      ['POST', `/api/admin/orders/${id}/ship`, { carrier: 'SF', trackingNo: 'has spaces' }],
      ['POST', `/api/admin/orders/${id}/ship`, { carrier: 'SF', trackingNo: 'SF1', status: 'DELIVERED' }],
      ['POST', '/api/admin/orders/not-a-uuid/refund/approve', undefined],
    ];
    for (const [method, path, body] of bad) {
      const token = path.startsWith('/api/admin') ? manager : customer;
      const answer = await browser.call(method, path, { token, ...(body === undefined ? {} : { body }) });
      assert.equal(answer.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, 'VALIDATION_FAILED', `${method} ${path}`);
    }
  });
});
