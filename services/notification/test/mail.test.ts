// Notification against the real servers: identity, notification and the gateway as real instances (PostgreSQL,
// NATS JetStream, etcd, Redis), a real SMTP server, and the order and payment events published on JetStream as
// their services publish them. Each fact is mailed exactly once, in the buyer's language.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { EventDef, PayloadOf } from '@mall/contracts';
import { OrderCancelled, OrderPaid, OrderPlaced, OrderRefunded, OrderShipped } from '@mall/contracts/order';
import { PaymentFailed, PaymentRefunded } from '@mall/contracts/payment';
import { createBroker, SOURCE_HEADER, VERSION_HEADER, type Broker } from '@mall/platform/bus';
import { createConfigCenter, type ConfigCenter } from '@mall/platform/config';
import { openDatabase, type Database, type ServiceDb } from '@mall/platform/db';
import type { RunningInstance } from '@mall/platform/runtime';
import { Browser, expectErrorAnswer, startInstance, testServers, uniqueEmail } from '@mall/platform/testkit';
import gateway from '../../gateway/src/service.ts';
import identity from '../../identity/src/service.ts';
import notification from '../src/service.ts';
import { anOrder, eventually, MailCatcher, sleep } from './harness.ts';

const PASSWORD = 'a good password';
const catcher = new MailCatcher();
const encoder = new TextEncoder();

let identityInstance: RunningInstance;
let notificationInstance: RunningInstance;
let gatewayInstance: RunningInstance;
let broker: Broker;
let database: Database;
let db: ServiceDb;
let center: ConfigCenter;
let browser: Browser;

/** Pinned to the instances this test started: other worktrees' instances in the shared etcd are not ours. */
const registry = () => ({
  MALL_REGISTRY: 'static',
  MALL_STATIC_SERVICES: `identity=${identityInstance.url};notification=${notificationInstance.url}`,
});

function startNotification(): Promise<RunningInstance> {
  return startInstance(notification, { env: { MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: `identity=${identityInstance.url}` } });
}

/** A gateway pinned to the current notification instance (after that one was restarted). */
async function restartGateway(): Promise<void> {
  await browser.close();
  await gatewayInstance.shutdown('restart under test');
  await startGateway();
}

async function startGateway(): Promise<void> {
  gatewayInstance = await startInstance(gateway, { env: registry() });
  browser = new Browser(gatewayInstance.url);
}

async function publish<E extends EventDef>(event: E, payload: PayloadOf<E>, id: string = randomUUID()): Promise<string> {
  await broker.publish({
    id,
    subject: event.subject,
    data: encoder.encode(JSON.stringify(payload)),
    headers: { [VERSION_HEADER]: String(event.version), [SOURCE_HEADER]: 'notification-test' },
  });
  return id;
}

async function signUp(label: string, locale?: 'en' | 'zh-CN'): Promise<{ email: string; userId: string; token: string }> {
  const email = uniqueEmail(label);
  const registered = await browser.call('POST', '/api/auth/register', {
    body: { email, password: PASSWORD, ...(locale ? { locale } : {}) },
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { email, userId: registered.body.user.id, token: login.body.accessToken };
}

const mailRow = (orderId: string) =>
  db.query<{ status: string; attempts: number; sent_at: Date | null; message_id: string; last_error: string | null; locale: string }>(
    `SELECT m.status, m.attempts, m.sent_at, m.message_id, m.last_error, m.locale FROM outgoing_mails m
     JOIN notifications n ON n.id = m.notification_id WHERE n.order_id = $1`,
    [orderId],
  );

before(async () => {
  await catcher.start();
  // The service's settings for this process (the env layer): the catcher, quick retries.
  Object.assign(process.env, {
    MALL_NOTIFICATION_TRANSPORT: 'smtp',
    MALL_NOTIFICATION_SMTP__HOST: '127.0.0.1',
    MALL_NOTIFICATION_SMTP__PORT: String(catcher.port),
    MALL_NOTIFICATION_SMTP__TIMEOUT_MS: '2000',
    MALL_NOTIFICATION_DISPATCH_EVERY_MS: '100',
    MALL_NOTIFICATION_RETRY_BASE_MS: '200',
    MALL_NOTIFICATION_RETRY_MAX_MS: '1000',
  });
  center = await createConfigCenter('etcd', { endpoints: testServers.MALL_ETCD_ENDPOINTS.split(',') });
  await center.delete('notification');
  identityInstance = await startInstance(identity);
  notificationInstance = await startNotification();
  await startGateway();
  broker = await createBroker('jetstream', { servers: testServers.MALL_NATS_URL });
  database = await openDatabase({ driver: 'pg', url: testServers.MALL_POSTGRES_URL, poolSize: 2 });
  db = database.forService('notification');
});

after(async () => {
  await center.delete('notification');
  await center.close();
  await browser.close();
  await broker.close();
  await database.close();
  await gatewayInstance.shutdown('test over');
  await notificationInstance.shutdown('test over');
  await identityInstance.shutdown('test over');
  await catcher.stop();
});

describe('mails', () => {
  test('order.paid is mailed once in English to an English buyer, though published twice and told again under a new event id', async () => {
    const buyer = await signUp('paid-en', 'en');
    const order = anOrder(buyer.userId);
    const id = await publish(OrderPaid, order.paid);
    await publish(OrderPaid, order.paid, id);
    await publish(OrderPaid, order.paid);
    await eventually('the receipt mailed', () => catcher.to(buyer.email).length >= 1);
    await sleep(1000);
    const mails = catcher.to(buyer.email);
    assert.equal(mails.length, 1, 'exactly one mail');
    assert.equal(mails[0]!.subject, `Payment received for order ${order.orderNo}`);
    assert.match(mails[0]!.raw, /Wireless earbuds/);
    const [row] = await mailRow(order.orderId);
    assert.equal(row?.status, 'sent');
    assert.ok(row?.sent_at, 'sent_at recorded');
    assert.equal(mails[0]!.messageId, row?.message_id, 'the Message-ID is the one kept in the outbox of mails');
  });

  test('a buyer of the default locale gets every order mail in Chinese, one per fact', async () => {
    const buyer = await signUp('zh');
    const order = anOrder(buyer.userId);
    await publish(OrderPlaced, order.placed);
    await publish(OrderShipped, order.shipped);
    await publish(OrderCancelled, { ...order.cancelled, orderId: randomUUID() });
    await eventually('three mails', () => catcher.to(buyer.email).length >= 3);
    await sleep(500);
    const subjects = catcher
      .to(buyer.email)
      .map((m) => m.subject)
      .sort();
    assert.deepEqual(subjects, [`订单 ${order.orderNo} 已取消`, `订单 ${order.orderNo} 已发货`, `订单 ${order.orderNo} 已提交`].sort());
  });

  test('order.refunded and payment.refunded of one refund make one mail; payment.failed is mailed', async () => {
    const buyer = await signUp('refund', 'en');
    const order = anOrder(buyer.userId);
    await publish(OrderRefunded, order.refunded);
    await eventually('the refund mailed', () => catcher.to(buyer.email).length >= 1);
    // Payment events name the order by id; the number comes from what an order event told before.
    await publish(PaymentRefunded, order.paymentRefunded);
    await publish(PaymentFailed, order.paymentFailed);
    await eventually('two mails', () => catcher.to(buyer.email).length >= 2);
    await sleep(1000);
    const subjects = catcher
      .to(buyer.email)
      .map((m) => m.subject)
      .sort();
    assert.deepEqual(subjects, [`Order ${order.orderNo} refunded`, `Payment for order ${order.orderNo} failed`]);
  });

  test('two notification instances share a burst of facts: every mail sent exactly once', async () => {
    const second = await startNotification();
    try {
      const buyer = await signUp('burst', 'en');
      const orders = Array.from({ length: 12 }, () => anOrder(buyer.userId));
      await Promise.all(orders.map((order) => publish(OrderPaid, order.paid)));
      await Promise.all(orders.map((order) => publish(OrderPaid, order.paid)));
      await eventually('twelve mails', () => catcher.to(buyer.email).length >= orders.length);
      await sleep(1000);
      const subjects = catcher.to(buyer.email).map((m) => m.subject);
      assert.equal(subjects.length, orders.length);
      assert.deepEqual(new Set(subjects), new Set(orders.map((o) => `Payment received for order ${o.orderNo}`)));
    } finally {
      await second.shutdown('test over');
    }
  });

  test('an event for a user identity does not know is recorded and never mailed, and blocks nothing', async () => {
    const order = anOrder(randomUUID());
    await publish(OrderPaid, order.paid);
    await eventually('the mail skipped', async () => (await mailRow(order.orderId))[0]?.status === 'skipped');
  });

  test('SMTP down, then the notification instance restarted, then SMTP up: the mail arrives once', async () => {
    const buyer = await signUp('outage', 'en');
    const order = anOrder(buyer.userId);
    await catcher.stop();
    await publish(OrderShipped, order.shipped);
    await eventually('two failed attempts', async () => ((await mailRow(order.orderId))[0]?.attempts ?? 0) >= 2);
    const [failing] = await mailRow(order.orderId);
    assert.equal(failing?.status, 'pending');
    assert.ok(failing?.last_error, 'the failure is recorded');
    await notificationInstance.shutdown('restart under test');
    notificationInstance = await startNotification();
    await restartGateway();
    await catcher.start();
    await eventually('the mail sent', () => catcher.to(buyer.email).length >= 1);
    await sleep(1000);
    assert.equal(catcher.to(buyer.email).length, 1);
    assert.equal(catcher.to(buyer.email)[0]!.subject, `Order ${order.orderNo} shipped`);
    assert.equal((await mailRow(order.orderId))[0]?.status, 'sent');
  });

  test('an event published while every notification instance is down is told once after one starts again', async () => {
    const buyer = await signUp('down', 'en');
    const order = anOrder(buyer.userId);
    await notificationInstance.shutdown('down under test');
    await publish(OrderCancelled, order.cancelled);
    await publish(OrderCancelled, order.cancelled);
    notificationInstance = await startNotification();
    await restartGateway();
    await eventually('the mail sent', () => catcher.to(buyer.email).length >= 1);
    await sleep(1000);
    assert.deepEqual(
      catcher.to(buyer.email).map((m) => m.subject),
      [`Order ${order.orderNo} cancelled`],
    );
  });

  test('a new SMTP port set in the config center is used for the next mail, with no restart', async () => {
    const other = new MailCatcher();
    await other.start();
    try {
      await center.put('notification', { smtp: { host: '127.0.0.1', port: other.port, timeoutMs: 2000 } });
      await sleep(500);
      const buyer = await signUp('reload', 'en');
      const order = anOrder(buyer.userId);
      await publish(OrderPlaced, order.placed);
      await eventually('the mail at the new server', () => other.to(buyer.email).length >= 1);
      assert.equal(catcher.to(buyer.email).length, 0);
    } finally {
      await center.delete('notification');
      await other.stop();
    }
  });

  test('a mail that never goes through is given up after maxAttempts, and the notification stays listed', async () => {
    const nowhere = new MailCatcher();
    await nowhere.start();
    const closedPort = nowhere.port;
    await nowhere.stop();
    try {
      await center.put('notification', { maxAttempts: 2, smtp: { host: '127.0.0.1', port: closedPort, timeoutMs: 1000 } });
      await sleep(500);
      const buyer = await signUp('given-up', 'en');
      const order = anOrder(buyer.userId);
      await publish(OrderPlaced, order.placed);
      await eventually('the mail given up', async () => (await mailRow(order.orderId))[0]?.status === 'failed');
      const [row] = await mailRow(order.orderId);
      assert.equal(row?.attempts, 2);
      assert.ok(row?.last_error);
      const listed = await browser.call('GET', '/api/me/notifications', { token: buyer.token });
      assert.equal(listed.body.items[0].kind, 'order-placed');
    } finally {
      await center.delete('notification');
    }
  });
});

describe('in-app notifications through the gateway', () => {
  test('listed newest first in the reader’s language with the unread count; marked read one by one or all at once', async () => {
    const buyer = await signUp('inbox', 'en');
    const order = anOrder(buyer.userId);
    await publish(OrderPlaced, order.placed);
    await publish(OrderPaid, order.paid);
    const list = (query = '') => browser.call('GET', `/api/me/notifications${query}`, { token: buyer.token });
    await eventually('two notifications', async () => (await list()).body.total === 2);
    const listed = await list();
    assert.equal(listed.status, 200);
    assert.equal(listed.body.unread, 2);
    assert.deepEqual(
      listed.body.items.map((n: { kind: string }) => n.kind),
      ['order-paid', 'order-placed'],
    );
    assert.equal(listed.body.items[0].title, `Payment received for order ${order.orderNo}`);
    assert.equal(listed.body.items[0].orderId, order.orderId);

    const id = listed.body.items[1].id as string;
    const read = await browser.call('POST', `/api/me/notifications/${id}/read`, { token: buyer.token });
    assert.equal(read.status, 200);
    assert.equal(read.body.read, true);
    const again = await browser.call('POST', `/api/me/notifications/${id}/read`, { token: buyer.token });
    assert.equal(again.body.readAt, read.body.readAt, 'marking read again changes nothing');
    assert.equal((await list()).body.unread, 1);
    assert.equal((await list('?unreadOnly=true')).body.items.length, 1);
    assert.equal((await list('?page=2&pageSize=1')).body.items[0].id, id);

    // Switching to Chinese shows the same notifications in Chinese.
    assert.equal((await browser.call('PATCH', '/api/me', { token: buyer.token, body: { locale: 'zh-CN' } })).body.locale, 'zh-CN');
    assert.equal((await list()).body.items[0].title, `订单 ${order.orderNo} 支付成功`);

    const all = await browser.call('POST', '/api/me/notifications/read-all', { token: buyer.token });
    assert.deepEqual(all.body, { marked: 1 });
    assert.equal((await list()).body.unread, 0);
  });

  test("another user's notification is 404 and stays unread; no token is 401", async () => {
    const owner = await signUp('owner');
    const stranger = await signUp('stranger');
    await publish(OrderPlaced, anOrder(owner.userId).placed);
    const list = () => browser.call('GET', '/api/me/notifications', { token: owner.token });
    await eventually('the notification', async () => (await list()).body.total === 1);
    const id = (await list()).body.items[0].id as string;
    expectErrorAnswer(await browser.call('POST', `/api/me/notifications/${id}/read`, { token: stranger.token }), 404, 'NOT_FOUND');
    expectErrorAnswer(await browser.call('POST', `/api/me/notifications/${randomUUID()}/read`, { token: owner.token }), 404, 'NOT_FOUND');
    assert.equal((await list()).body.unread, 1);
    assert.deepEqual((await browser.call('GET', '/api/me/notifications', { token: stranger.token })).body.items, []);
    assert.equal((await browser.call('GET', '/api/me/notifications')).status, 401);
  });

  test('bad input is 400 VALIDATION_FAILED and changes nothing', async () => {
    const user = await signUp('bad');
    const call = (method: 'GET' | 'POST', path: string) => browser.call(method, path, { token: user.token });
    for (const query of ['?page=0', '?pageSize=101', '?page=abc', '?unreadOnly=yes', '?extra=1', `?page=${'9'.repeat(6)}`]) {
      expectErrorAnswer(await call('GET', `/api/me/notifications${query}`), 400, 'VALIDATION_FAILED');
    }
    expectErrorAnswer(await call('POST', '/api/me/notifications/not-a-uuid/read'), 400, 'VALIDATION_FAILED');
    const locale = await browser.call('PATCH', '/api/me', { token: user.token, body: { locale: 'fr' } });
    expectErrorAnswer(locale, 400, 'VALIDATION_FAILED');
    assert.equal((await browser.call('GET', '/api/me', { token: user.token })).body.locale, 'zh-CN');
  });
});
