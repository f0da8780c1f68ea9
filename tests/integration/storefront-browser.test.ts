// The storefront in headless Chromium against `npm start` (which builds it when stale): home, a Chinese search, a
// product with a SKU picked, the language switch and sign-up, at 1280 and 375 px, with no console error on the way.
// Screenshots of each page land in docs/screenshots/ (README shows them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { alive, freePort, killAll, processTree, startNpmScript, waitForExit, waitUntilServing, type NpmScript } from './npm-script.ts';

const shots = new URL('../../docs/screenshots/', import.meta.url).pathname;
const viewports = { desktop: { width: 1280, height: 800 }, mobile: { width: 375, height: 812 } } as const;

let dataDir = '';
let base: string;
let mall: NpmScript | undefined;
let browser: Browser;

before(async () => {
  // MALL_STOREFRONT_TEST_URL=http://127.0.0.1:3000 runs against a mall already started (while working on the app).
  if (process.env.MALL_STOREFRONT_TEST_URL) base = process.env.MALL_STOREFRONT_TEST_URL;
  else {
    dataDir = await mkdtemp(join(tmpdir(), 'mall-storefront-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    mall = startNpmScript(['start'], { MALL_DATA_DIR: dataDir, PORT: String(port), MALL_LOG_LEVEL: 'warn' });
    await waitUntilServing(mall, `${base}/readyz`, 170_000);
  }
  await waitForDemoCatalog();
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

/** The first start seeds the demo catalog while already serving; the test needs its products. */
async function waitForDemoCatalog(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`${base}/api/home`).then((r) => (r.ok ? (r.json() as Promise<{ featured: unknown[] }>) : null));
    if (answer && answer.featured.length > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the demo catalog did not appear within 120 s:\n${mall?.output() ?? ''}`);
}

/** A page that records every console error and uncaught exception. */
async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

interface ProductPage {
  title: { zh: string; en: string };
  saleAttributes: { id: string }[];
  skus: { attrs: { attributeId: string; value: string }[]; price: { amount: number; currency: string } }[];
}

for (const [name, viewport] of Object.entries(viewports)) {
  test(`a shopper browses, searches in Chinese, picks a SKU and switches language at ${viewport.width} px`, async () => {
    const { page, errors } = await openPage(viewport);
    try {
      await page.goto(base);
      await page.locator('[data-test=featured] [data-test=product-card]').first().waitFor();
      assert.ok((await page.locator('[data-test=category-entry]').count()) >= 6, 'the home page lists the top categories');
      await page.screenshot({ path: `${shots}home-${name}.png` });

      await page.locator('input[data-test=search-input]').fill('蓝牙耳机');
      await page.locator('[data-test=search-button]').click();
      await page.waitForURL(/\/search\?q=/);
      await page.locator('[data-test=results] [data-test=product-card]').first().waitFor();
      assert.ok((await page.locator('[data-test=facet-brand]').count()) > 0, 'brand facets show');
      assert.doesNotMatch(await page.locator('[data-test=facet-brand]').first().innerText(), /…/, 'brand facets carry names');
      await page.screenshot({ path: `${shots}search-${name}.png` });

      await page.locator('[data-test=results] [data-test=product-card]').first().click();
      await page.waitForURL(/\/product\//);
      await page.locator('[data-test=product-title]').waitFor();
      const id = new URL(page.url()).pathname.split('/').pop();
      const product = (await (await fetch(`${base}/api/products/${id}`)).json()) as ProductPage;
      assert.equal(await page.locator('[data-test=product-title]').innerText(), product.title.zh);

      // The last SKU, picked value by value; the price shown is its own.
      const sku = product.skus[product.skus.length - 1]!;
      for (const attribute of product.saleAttributes) {
        const value = sku.attrs.find((a) => a.attributeId === attribute.id)!.value;
        await page.locator('[data-test=sku-value]', { hasText: value }).first().click();
      }
      const price = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: sku.price.currency }).format(sku.price.amount / 100);
      await page.locator('[data-test=price]', { hasText: price }).waitFor();
      await page.locator('[data-test=stock]').waitFor();
      await page.screenshot({ path: `${shots}product-${name}.png`, fullPage: name === 'mobile' });

      await page.locator('[data-test=language]').click();
      await page.locator('[data-test=product-title]', { hasText: product.title.en }).waitFor();
      assert.equal(await page.locator('[data-test=search-button]').innerText(), 'Search');
      await page.screenshot({ path: `${shots}product-en-${name}.png` });

      await page.goto(`${base}/login`);
      await page.locator('[data-test=login-page]').waitFor();
      await page.screenshot({ path: `${shots}login-${name}.png` });
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.context().close();
    }
  });
}

test('a shopper creates an account in the browser and is signed in', async () => {
  const { page, errors } = await openPage(viewports.desktop);
  try {
    await page.goto(`${base}/login`);
    await page.getByRole('tab', { name: '注册' }).click();
    const email = `shopper-${Date.now()}@example.com`;
    await page.locator('input[data-test=email]').fill(email);
    await page.locator('input[data-test=password]').fill('correct horse battery');
    await page.locator('[data-test=submit]').click();
    await page.waitForURL(`${base}/`);
    await page.getByText(email).waitFor();
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await page.context().close();
  }
});

test('the gateway serves the storefront with cache headers and leaves /api alone', async () => {
  const index = await fetch(`${base}/search?q=x`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, 'index.html loads a hashed script');
  const script = await fetch(`${base}${asset}`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await fetch(`${base}/assets/gone-1234.js`)).status, 404);
  const unknownApi = await fetch(`${base}/api/nothing-here`);
  assert.equal(unknownApi.status, 404);
  assert.equal(((await unknownApi.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
});
