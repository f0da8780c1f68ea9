// Notification in the all-in-one host (PGlite, the in-process bus, in-process calls): mails become .eml files
// under the mail folder (`mail` in the run's data folder, not the working directory), one per fact however often it is told, and the user still lists them through the gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventDef, PayloadOf } from '@mall/contracts';
import { OrderPaid, OrderPlaced } from '@mall/contracts/order';
import type { ServiceContext } from '@mall/platform/runtime';
import { Browser, startEmbedded, uniqueEmail, type EmbeddedHost } from '@mall/platform/testkit';
import gateway from '../../gateway/src/service.ts';
import identity from '../../identity/src/service.ts';
import notification from '../src/service.ts';
import { anOrder, eventually, header, sleep } from './harness.ts';

let host: EmbeddedHost;
let browser: Browser;
let mailDir: string;
let ctx: ServiceContext;

/** Publishes as the order service would, on the host's in-process bus (through an outbox: the notification schema's). */
function publish<E extends EventDef>(event: E, payload: PayloadOf<E>): Promise<string> {
  return ctx.db.transaction((tx) => ctx.bus.publish(tx, event, payload));
}

async function emls(): Promise<{ name: string; raw: string }[]> {
  const names = (await readdir(mailDir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  return Promise.all(names.map(async (name) => ({ name, raw: await readFile(join(mailDir, name), 'utf8') })));
}

const mailsTo = async (email: string) => (await emls()).filter((m) => header(m.raw, 'to') === email);

before(async () => {
  process.env.MALL_NOTIFICATION_DISPATCH_EVERY_MS = '100';
  host = await startEmbedded([identity, notification, gateway]);
  // The default mailDir, `mail`, is under the data folder the host was given.
  mailDir = join(host.dataDir, 'mail');
  const started = host.services.find((s) => s.definition.name === 'notification');
  assert.ok(started);
  ctx = started.context;
  browser = new Browser(host.url);
});

after(async () => {
  await browser.close();
  await host.shutdown('test over');
});

test('all-in-one: a fact told three times is one .eml file in the buyer’s language, and listed in-app', async () => {
  const email = uniqueEmail('eml');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password', locale: 'en' } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const order = anOrder(registered.body.user.id as string);
  // Told three times under three event ids (the same id twice is refused by the outbox; JetStream's case is mail.test.ts).
  for (let i = 0; i < 3; i++) await publish(OrderPaid, order.paid);
  await eventually('the .eml file', async () => (await mailsTo(email)).length >= 1);
  await sleep(500);
  const mails = await mailsTo(email);
  assert.equal(mails.length, 1);
  assert.equal(header(mails[0]!.raw, 'subject'), `Payment received for order ${order.orderNo}`);
  assert.match(header(mails[0]!.raw, 'message-id'), /^<[0-9a-f-]{36}@mall\.local>$/);

  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: 'a good password' } });
  const listed = await browser.call('GET', '/api/me/notifications', { token: login.body.accessToken });
  assert.equal(listed.status, 200);
  assert.equal(listed.body.total, 1);
  assert.equal(listed.body.items[0].title, `Payment received for order ${order.orderNo}`);
});

test('all-in-one: a buyer of the default locale gets the mail in Chinese', async () => {
  const email = uniqueEmail('eml-zh');
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: 'a good password' } });
  const order = anOrder(registered.body.user.id as string);
  await publish(OrderPlaced, { ...order.placed, orderId: randomUUID() });
  await eventually('the .eml file', async () => (await mailsTo(email)).length === 1);
  assert.equal(header((await mailsTo(email))[0]!.raw, 'subject'), `订单 ${order.orderNo} 已提交`);
});
