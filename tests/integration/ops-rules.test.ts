// The monitoring configuration as code: Prometheus's recording and alert rules load and pass their promtool unit
// tests, the rendered Prometheus and Alertmanager configurations are valid, and every metric a rule reads is one
// the kernel exports (a renamed metric would otherwise leave a rule silently empty).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metrics } from '@mall/platform/observability';
import { discoveryFile, renderConfigs } from '../../launch/ops.ts';

const ops = fileURLToPath(new URL('../../ops/', import.meta.url));
const rulesDir = join(ops, 'prometheus/rules');
const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function tool(command: string, args: string[], cwd = ops): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  assert.equal(r.error, undefined, `${command} is missing (scripts/servers.sh installs it): ${String(r.error)}`);
  assert.equal(r.status, 0, `${command} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('promtool loads every rule file and its unit tests pass', async () => {
  const files = (await readdir(rulesDir)).filter((f) => f.endsWith('.yml'));
  assert.ok(files.length >= 2);
  tool('promtool', ['check', 'rules', ...files.map((f) => join(rulesDir, f))]);
  const tests = (await readdir(join(ops, 'prometheus/tests'))).filter((f) => f.endsWith('.yml'));
  assert.ok(tests.length >= 1);
  const out = tool('promtool', ['test', 'rules', ...tests], join(ops, 'prometheus/tests'));
  assert.match(out, /SUCCESS/);
});

test('a rule that is wrong fails its unit test (the tests can fail)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mall-rules-'));
  dirs.push(dir);
  const alerts = (await readFile(join(rulesDir, 'alerts.yml'), 'utf8')).replace('for: 30s', 'for: 10m');
  await writeFile(join(dir, 'alerts.yml'), alerts);
  await writeFile(join(dir, 'recording.yml'), await readFile(join(rulesDir, 'recording.yml')));
  const test = (await readFile(join(ops, 'prometheus/tests/alerts.test.yml'), 'utf8')).replaceAll('../rules/', '');
  await writeFile(join(dir, 'alerts.test.yml'), test);
  const r = spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /MallInstanceDown/);
});

test('the rendered Prometheus and Alertmanager configurations are valid', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mall-ops-'));
  dirs.push(dir);
  const configs = await renderConfigs({ dir, services: ['catalog'], smtp: '127.0.0.1:2525', mailTo: 'oncall@example.com' });
  assert.doesNotMatch(configs.prometheus + configs.alertmanager, /\$\{/, 'every placeholder is filled');
  await writeFile(join(dir, 'prometheus.yml'), configs.prometheus);
  await writeFile(join(dir, 'alertmanager.yml'), configs.alertmanager);
  tool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
  tool('amtool', ['check-config', join(dir, 'alertmanager.yml')]);
  assert.match(configs.alertmanager, /smtp_smarthost: '127\.0\.0\.1:2525'/);
  assert.match(configs.alertmanager, /to: 'oncall@example\.com'/);
});

test('every metric a rule reads is exported by the kernel', async () => {
  const exported = new Set(['up', ...(await metrics.registry.getMetricsAsJSON()).map((m) => m.name)]);
  const recorded = new Set<string>();
  const read = new Set<string>();
  for (const file of await readdir(rulesDir)) {
    const text = await readFile(join(rulesDir, file), 'utf8');
    for (const m of text.matchAll(/record: (\S+)/g)) recorded.add(m[1]!);
    for (const m of text.matchAll(/expr: ([^\n]+(?:\n {10,}[^\n]+)*)/g))
      for (const name of m[1]!.match(/\b[a-z_]+:[a-z0-9_:]+\b|\b(?:mall|nodejs|process|up)[a-z0-9_]*\b/g) ?? []) read.add(name);
  }
  assert.ok(read.size > 5);
  const unknown = [...read].filter((name) => !recorded.has(name) && !exported.has(name.replace(/_(bucket|count|sum)$/, '')));
  assert.deepEqual(unknown, [], 'rules read metrics nobody exports');
});

test('the discovery file lists each instance with its service as the job, and departed ones as unregistered', () => {
  const file = JSON.parse(
    discoveryFile(
      'order',
      [{ service: 'order', id: 'order-a', url: 'http://127.0.0.1:4001' }],
      [{ service: 'order', id: 'order-b', url: 'http://127.0.0.1:4002' }],
    ),
  );
  assert.deepEqual(file, [
    { targets: ['127.0.0.1:4001'], labels: { job: 'order', instance_id: 'order-a', registered: 'true' } },
    { targets: ['127.0.0.1:4002'], labels: { job: 'order', instance_id: 'order-b', registered: 'false' } },
  ]);
});
