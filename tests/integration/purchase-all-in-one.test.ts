// The whole purchase in the all-in-one host, started as `npm start` starts it (launch/all-in-one.ts: one process,
// every service in it, PGlite and the in-process bus, the demo catalog loaded on the first start), driven through the
// gateway's HTTP API only: browse the demo catalog → add to cart as a guest → sign up (cart merged) → preview →
// order → pay on the processor's page → PAID, the stock committed, the cart emptied, the mails written once each as
// .eml files under the data folder, and listed in-app.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Browser, uniqueEmail } from '@mall/platform/testkit';
import { header } from '../../services/notification/test/harness.ts';
import { within } from '../cluster/harness.ts';
import { addressOf, expectStatus, orderReaches, payWithCard, placeOrder, signUp } from '../fixture/shopper.ts';
import { freePort } from './npm-script.ts';

const root = new URL('../../', import.meta.url).pathname;
let mall: ChildProcess;
let output = '';
let dataDir: string;
let url: string;
let browser: Browser;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mall-allinone-purchase-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // What `npm start` execs, without its storefront build (the API is what this test drives).
  mall = spawn(process.execPath, ['--import', 'tsx', 'launch/all-in-one.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'warn', MALL_NOTIFICATION_DISPATCH_EVERY_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-20_000));
  mall.stdout!.on('data', keep);
  mall.stderr!.on('data', keep);
  const ready = await within(
    170_000,
    async () => {
      if (mall.exitCode !== null) throw new Error(`the all-in-one exited (${mall.exitCode}):\n${output}`);
      return output.includes('Mall is running at');
    },
    250,
  );
  assert.ok(ready !== undefined, `the all-in-one did not start:\n${output}`);
  browser = new Browser(url);
});

after(async () => {
  await browser?.close();
  if (mall && mall.exitCode === null) {
    const exited = once(mall, 'exit');
    mall.kill('SIGTERM');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The .eml files written for `email`, by subject. */
async function emlSubjects(email: string): Promise<string[]> {
  const folder = join(dataDir, 'mail');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  const raws = await Promise.all(names.map((n) => readFile(join(folder, n), 'utf8')));
  return raws.filter((raw) => header(raw, 'to') === email).map((raw) => header(raw, 'subject'));
}

test('all-in-one: browse the demo catalog → guest cart → sign up → order → pay → PAID, stock committed, cart emptied, each mail once', async () => {
  // A demo product with stock, found as a shopper finds it.
  const list = await browser.call('GET', '/api/products?pageSize=20');
  expectStatus(list, 200, 'product list');
  let skuId = '';
  let stockBefore = 0;
  let productId = '';
  for (const item of list.body.items as { id: string }[]) {
    const page = await browser.call('GET', `/api/products/${item.id}`);
    expectStatus(page, 200, 'product page');
    const sku = (page.body.skus as { id: string; available: number | null }[]).find((s) => (s.available ?? 0) >= 2);
    if (sku) {
      [skuId, stockBefore, productId] = [sku.id, sku.available!, item.id];
      break;
    }
  }
  assert.ok(skuId, 'a demo product has a SKU in stock');

  // A guest's cart, merged at sign-up.
  const added = await browser.call('POST', '/api/cart/lines', { body: { skuId, quantity: 2 } });
  expectStatus(added, 200, 'guest add to cart');
  const email = uniqueEmail('allinone-buyer');
  const { token } = await signUp(browser, email, added.headers['x-cart-token'] as string);
  const cart = await browser.call('GET', '/api/cart', { token });
  assert.deepEqual(
    cart.body.lines.map((l: { skuId: string; quantity: number }) => [l.skuId, l.quantity]),
    [[skuId, 2]],
    'the guest line is in the member cart',
  );

  const addressId = await addressOf(browser, token);
  const { order } = await placeOrder(browser, token, addressId);
  assert.equal(order.status, 'PENDING_PAYMENT');
  const availableNow = async () =>
    ((await browser.call('GET', `/api/products/${productId}`)).body.skus as { id: string; available: number }[]).find(
      (s) => s.id === skuId,
    )!.available;
  // The product page may show availability up to the catalog's availabilityCacheMs (1 s) old.
  assert.ok(
    (await within(5_000, async () => (await availableNow()) === stockBefore - 2, 200)) !== undefined,
    `the order holds its stock: ${stockBefore} before, ${await availableNow()} now`,
  );

  // The processor runs in the same process; its page is served by the gateway.
  expectStatus(await browser.call('GET', new URL(order.payment.payUrl as string, url).pathname), 200, 'pay page');
  const paid = await payWithCard(url, order.payment.payUrl as string);
  assert.ok(paid.status < 400, `the card form: ${paid.status} ${paid.page.slice(0, 300)}`);
  await orderReaches(browser, token, order.id as string, 'PAID');

  assert.equal(await availableNow(), stockBefore - 2, 'the stock stays taken once committed');
  assert.ok(
    (await within(15_000, async () => (await browser.call('GET', '/api/cart', { token })).body.lines.length === 0, 200)) !== undefined,
    'the cart drops the purchased line',
  );

  // Mails: placed and paid, each one .eml file under the data folder; and listed in-app.
  assert.ok((await within(30_000, async () => (await emlSubjects(email)).length >= 2, 200)) !== undefined, 'the two mails are written');
  await new Promise((r) => setTimeout(r, 1000));
  const subjects = await emlSubjects(email);
  assert.equal(subjects.length, 2, `placed and paid, once each: ${JSON.stringify(subjects)}`);
  assert.equal(new Set(subjects).size, 2);
  const notices = await browser.call('GET', '/api/me/notifications', { token });
  expectStatus(notices, 200, 'notifications');
  assert.deepEqual((notices.body.items as { kind: string }[]).map((n) => n.kind).sort(), ['order-paid', 'order-placed']);
});
