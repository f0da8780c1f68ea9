// The back office in headless Chromium against `npm start` (which builds it when stale): the demo admin creates a
// product with two SKUs and a picture in the generated forms, and the storefront API shows it; a user whose roles
// grant no catalog permission sees no catalog menu and gets 403 from the API; a revoked permission hides its menu
// entry at the next navigation. No console error on the way (a CSP violation would be one). Screenshots land in
// docs/screenshots/admin-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { alive, freePort, killAll, processTree, startNpmScript, waitForExit, waitUntilServing, type NpmScript } from './npm-script.ts';

const shots = new URL('../../docs/screenshots/', import.meta.url).pathname;
const ADMIN_EMAIL = 'admin@mall.local';
/** The first admin's password on a fresh data folder (MALL_IDENTITY_ADMIN_PASSWORD); MALL_ADMIN_TEST_PASSWORD for a running mall. */
const ADMIN_PASSWORD = process.env.MALL_ADMIN_TEST_PASSWORD ?? 'admin test password';
const PASSWORD = 'correct horse battery';
const C = '/api/admin/catalog';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let dataDir = '';
let base: string;
let mall: NpmScript | undefined;
let browser: Browser;
let adminToken: string;

before(async () => {
  // MALL_ADMIN_TEST_URL=http://127.0.0.1:3000 runs against a mall already started (while working on the app).
  if (process.env.MALL_ADMIN_TEST_URL) base = process.env.MALL_ADMIN_TEST_URL;
  else {
    dataDir = await mkdtemp(join(tmpdir(), 'mall-admin-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    mall = startNpmScript(['start'], {
      MALL_DATA_DIR: dataDir,
      PORT: String(port),
      MALL_LOG_LEVEL: 'warn',
      MALL_IDENTITY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    await waitUntilServing(mall, `${base}/readyz`, 170_000);
  }
  adminToken = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (!mall) return;
  const tree = processTree(mall.npm.pid!);
  mall.npm.kill('SIGTERM');
  killAll(await waitForExit(tree, 20_000));
  killAll(alive(tree));
  await rm(dataDir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads JSON of many shapes
async function api(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function logIn(email: string, password: string): Promise<string> {
  const answer = await api('POST', '/api/auth/login', undefined, { email, password });
  assert.equal(answer.status, 200, `sign-in of ${email}: ${JSON.stringify(answer.body)}`);
  return answer.body.accessToken;
}

/** A new account holding exactly `roles` (set by the admin through the API). */
async function staff(label: string, roles: string[]): Promise<{ email: string; token: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await api('POST', '/api/auth/register', undefined, { email, password: PASSWORD });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const set = await api('PUT', `/api/admin/users/${registered.body.user.id}/roles`, adminToken, { roles });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return { email, token: await logIn(email, PASSWORD) };
}

/** A page that records every console error and uncaught exception. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await page.locator('input[data-test=email]').fill(email);
  await page.locator('input[data-test=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=home]').waitFor();
}

/** Picks an option of the Element Plus select inside a form field (by the option's visible text). */
async function choose(page: Page, scope: ReturnType<Page['locator']>, option: string): Promise<void> {
  await scope.locator('.el-select').first().click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

test('the admin creates a product with two SKUs and a picture; the storefront API shows it', async () => {
  // The category (three levels) and its sale attribute come from the API, with names no other run shares.
  const tag = randomUUID().slice(0, 6);
  let parentId: string | null = null;
  for (const level of ['top', 'middle', 'leaf']) {
    const created = await api('POST', `${C}/categories`, adminToken, {
      parentId,
      name: { zh: `类目 ${level} ${tag}`, en: `${level} ${tag}` },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    parentId = created.body.id;
  }
  const colour = await api('POST', `${C}/attributes`, adminToken, {
    categoryId: parentId,
    kind: 'sale',
    name: { zh: `颜色 ${tag}`, en: `colour ${tag}` },
    values: ['red', 'blue'],
  });
  assert.equal(colour.status, 201, JSON.stringify(colour.body));

  const { page, errors } = await openPage();
  try {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.locator('[data-test=menu-catalog]').click();
    await page.locator('[data-test="menu-item-/catalog/products"]').click();
    await page.locator('[data-test=resource-products] [data-test=rows]').waitFor();
    await page.locator('[data-test=create]').click();
    await page.waitForURL(/\/admin\/catalog\/products\/new$/);

    const form = page.locator('[data-test=product-editor]');
    await form.locator('[data-field="title.zh"] input').fill(`测试商品 ${tag}`);
    await form.locator('[data-field="title.en"] input').fill(`Test product ${tag}`);
    await choose(page, form.locator('[data-field=categoryId]'), `leaf ${tag}`);
    await choose(page, form.locator('[data-field=status]'), 'on_sale');
    await form.locator('[data-field=images] input[type=file]').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: PNG });
    await form.locator('[data-field=images] img').waitFor();
    for (const [index, value] of ['red', 'blue'].entries()) {
      await form.locator('[data-test=add-skus]').click();
      const sku = form.locator('[data-test=skus-item]').nth(index);
      await sku.locator('[data-test=add-attrs]').click();
      await choose(page, sku.locator('[data-field$=".attributeId"]'), `colour ${tag}`);
      await sku.locator('[data-field$=".value"] input').fill(value);
      await sku.locator('[data-field$=".price.amount"] input').fill(String(9900 + index * 1000));
      await sku.locator('[data-field$=".price.currency"] input').fill('CNY');
    }
    // A rule of the schema is checked next to its field before anything is sent.
    await form.locator('[data-field="title.en"] input').fill('');
    await form.locator('[data-test=submit]').click();
    await form.locator('[data-field="title.en"] .el-form-item__error').waitFor();
    await form.locator('[data-field="title.en"] input').fill(`Test product ${tag}`);
    await page.screenshot({ path: `${shots}admin-product-desktop.png`, fullPage: true });
    await form.locator('[data-test=submit]').click();
    await page.waitForURL(/\/admin\/catalog\/products\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;

    const shown = await api('GET', `/api/products/${id}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(shown.body.title.en, `Test product ${tag}`);
    assert.deepEqual(
      shown.body.skus.map((s: { price: { amount: number } }) => s.price.amount).sort((a: number, b: number) => a - b),
      [9900, 10900],
    );
    assert.match(shown.body.images[0], /^\/api\/images\//);
    await page.locator('[data-test=product-editor] [data-test=rows] .el-table__row').nth(1).waitFor();
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await page.context().close();
  }
});

test('a user whose roles grant no catalog permission sees no catalog menu, and the API refuses them', async () => {
  const warehouse = await staff('warehouse', ['warehouse']);
  const { page, errors } = await openPage();
  try {
    await signIn(page, warehouse.email, PASSWORD);
    await page.locator('[data-test=menu-inventory]').waitFor();
    assert.equal(await page.locator('[data-test=menu-catalog]').count(), 0, 'no catalog menu');
    assert.equal(await page.locator('[data-test=menu-users]').count(), 0, 'no users menu');
    await page.locator('[data-test=menu-inventory]').click();
    await page.locator('[data-test="menu-item-/inventory/stock"]').click();
    await page.locator('[data-test=resource-stock] [data-test=rows] .el-table__row').first().waitFor();
    await page.screenshot({ path: `${shots}admin-stock-desktop.png` });
    // Typing the address of a catalog screen shows the refusal without calling the API.
    await page.goto(`${base}/admin/catalog/products`);
    await page.locator('[data-test=forbidden]').waitFor();
    assert.equal((await api('GET', `${C}/products`, warehouse.token)).status, 403);
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await page.context().close();
  }
});

test('revoking a permission hides its menu entry at the next navigation', async () => {
  const role = `stock-viewer-${randomUUID().slice(0, 6)}`;
  assert.equal((await api('POST', '/api/admin/roles', adminToken, { name: role, description: 'reads stock' })).status, 201);
  const grant = { role, pattern: '^/api/admin/inventory/stock$', kind: 'regex' };
  assert.equal((await api('POST', '/api/admin/permissions', adminToken, { ...grant, methods: ['GET'] })).status, 200);
  const viewer = await staff('viewer', [role]);
  const { page, errors } = await openPage();
  try {
    await signIn(page, viewer.email, PASSWORD);
    await page.locator('[data-test=menu-inventory]').click();
    await page.locator('[data-test="menu-item-/inventory/stock"]').click();
    await page.locator('[data-test=resource-stock]').waitFor();

    const revoked = await api('DELETE', `/api/admin/permissions?${new URLSearchParams(grant)}`, adminToken);
    assert.deepEqual([revoked.status, revoked.body.removed], [200, true]);
    // The gateway applies it within a second; then the next navigation asks for the permissions again.
    const deadline = Date.now() + 5000;
    while ((await api('GET', '/api/me/permissions', viewer.token)).body.routes.includes('GET /api/admin/inventory/stock')) {
      assert.ok(Date.now() < deadline, 'the revocation did not reach the gateway');
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.locator('a.logo').click();
    await page.locator('[data-test=home]').waitFor();
    assert.equal(await page.locator('[data-test=menu-inventory]').count(), 0, 'the inventory menu is gone');
    assert.equal((await api('GET', '/api/admin/inventory/stock', viewer.token)).status, 403);
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await page.context().close();
  }
});

test('the gateway serves the back office under /admin with cache and security headers', async () => {
  const index = await fetch(`${base}/admin/users`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(String(index.headers.get('content-security-policy')), /script-src 'self'/);
  const html = await index.text();
  const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, 'index.html loads a hashed script under /admin/assets/');
  const script = await fetch(`${base}${asset}`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await fetch(`${base}/admin/assets/gone-1234.js`)).status, 404);
});
