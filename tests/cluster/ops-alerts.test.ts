// Monitoring end to end (npm run ops): Prometheus finds the instances of the cluster mode through the registry,
// scrapes them, and when a service stops the MallServiceDown alert fires and Alertmanager mails it to the on-call
// address (a test SMTP server here). With MALL_SCREENSHOTS=1 it saves Prometheus's targets and alerts pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '@mall/platform/runtime';
import { startOps, type Ops } from '../../launch/ops.ts';
import { MailCatcher } from '../../services/notification/test/harness.ts';
import { serverEnv } from '../fixture/harness.ts';
import { launchFixtures, within } from './harness.ts';

interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

let cluster: Cluster | undefined;
let ops: Ops | undefined;
let dir = '';
const catcher = new MailCatcher();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function query(expr: string): Promise<PromSeries[]> {
  const res = await fetch(`${ops!.prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: PromSeries[] } };
  assert.equal(body.status, 'success');
  return body.data.result;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mall-ops-'));
  await catcher.start();
  cluster = await launchFixtures(2);
  ops = await startOps({
    dir,
    services: ['fixture'],
    prometheusPort: await freePort(),
    alertmanagerPort: await freePort(),
    smtp: `127.0.0.1:${catcher.port}`,
    mailTo: 'oncall@mall.test',
    interval: '1s',
    env: { ...process.env, ...serverEnv, MALL_REGISTRY: 'etcd' },
  });
});

after(async () => {
  await cluster?.stop();
  await ops?.stop();
  await catcher.stop();
  await rm(dir, { recursive: true, force: true });
});

test('every instance found in the registry is scraped, and a stopped service is mailed to the on-call address', async () => {
  const ids = cluster!.instances().map((i) => i.id);
  const scraped = await within(
    30_000,
    async () => {
      const up = await query('up{job="fixture"} == 1');
      return ids.every((id) => up.some((s) => s.metric.instance_id === id && s.metric.registered === 'true'));
    },
    500,
  );
  assert.notEqual(scraped, undefined, 'both fixture instances are scraped as up');
  const lag = await query('nodejs_eventloop_lag_p99_seconds{job="fixture"}');
  assert.ok(
    ids.every((id) => lag.some((s) => s.metric.instance_id === id)),
    "the kernel's metrics come with the target's labels",
  );
  await screenshot('targets');

  await cluster!.stop();
  cluster = undefined;
  const serviceDown = () => catcher.mails.find((m) => m.to.includes('oncall@mall.test') && /MallServiceDown/.test(m.subject));
  const mailed = await within(90_000, async () => serviceDown() !== undefined, 500);
  assert.notEqual(mailed, undefined, `the alert was mailed; mails: ${JSON.stringify(catcher.mails.map((m) => m.subject))}`);
  assert.match(serviceDown()!.subject, /FIRING.*MallServiceDown.*fixture/);
  const alerts = (await (await fetch(`${ops!.alertmanagerUrl}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string> }>;
  assert.ok(alerts.some((a) => a.labels.alertname === 'MallServiceDown' && a.labels.job === 'fixture'));
  await screenshot('alerts');
});

/** Prometheus's own pages in headless Chromium, for docs/operations.md (only when MALL_SCREENSHOTS=1). */
async function screenshot(page: 'targets' | 'alerts'): Promise<void> {
  if (process.env.MALL_SCREENSHOTS !== '1') return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Debian's build of Prometheus leaves out the React UI and serves the classic one under /classic.
    const modern = await tab.goto(`${ops!.prometheusUrl}/${page}`, { waitUntil: 'networkidle' });
    if (modern?.status() === 404) await tab.goto(`${ops!.prometheusUrl}/classic/${page}`, { waitUntil: 'networkidle' });
    await tab.screenshot({
      path: fileURLToPath(new URL(`../../docs/screenshots/prometheus-${page}.png`, import.meta.url)),
      fullPage: true,
    });
  } finally {
    await browser.close();
  }
}
