// npm test: makes sure the real servers are up (scripts/servers.sh), then runs every test tier with
// Node's test runner through tsx. `npm test -- unit|conformance|integration|cluster` runs one tier.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tiers = {
  unit: (f) => /(^|\/)test\/unit\//.test(f) || /\.unit\.test\.ts$/.test(f),
  conformance: (f) => f.startsWith('platform/test/'),
  integration: (f) => (/^services\/[^/]+\/test\//.test(f) && !/\.unit\.test\.ts$/.test(f)) || f.startsWith('tests/integration/'),
  cluster: (f) => f.startsWith('tests/cluster/'),
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of wanted)
  if (!(w in tiers)) {
    console.error(`unknown tier "${w}"; tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'data' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const all = ['contracts', 'platform', 'services', 'tests', 'bench']
  .flatMap((d) => {
    try {
      return walk(join(root, d));
    } catch {
      return [];
    }
  })
  .sort();
const order = wanted.length ? wanted : Object.keys(tiers);
const files = [];
for (const tier of order) for (const f of all) if (tiers[tier](f) && !files.includes(f)) files.push(f);
if (wanted.length === 0) for (const f of all) if (!files.includes(f)) files.push(f);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

if (!process.env.MALL_SKIP_SERVERS && !(wanted.length === 1 && wanted[0] === 'unit')) {
  console.log('tests need PostgreSQL 5432, Redis 6379, NATS JetStream 4222 and etcd 2379 on 127.0.0.1 (scripts/servers.sh starts them)');
  const s = spawnSync('bash', [join(root, 'scripts/servers.sh')], { stdio: 'inherit' });
  if (s.status !== 0) process.exit(s.status ?? 1);
}

const runTests = (list) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-timeout=180000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/file-times.mjs')}`,
      '--test-reporter-destination=stdout',
      ...list,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'test' },
    },
  ).status ?? 1;

// MALL_CLUSTER_RUNS=3 (CI sets it) runs the cluster tier that many times in a row, to show it is
// deterministic: the extra runs come first, so the last summary printed is the whole suite's.
const clusterFiles = files.filter(tiers.cluster);
const clusterRuns = Number(process.env.MALL_CLUSTER_RUNS ?? 1);
for (let run = 1; run < clusterRuns && clusterFiles.length > 0; run++) {
  console.log(`cluster tier, run ${run} of ${clusterRuns}`);
  const status = runTests(clusterFiles);
  if (status !== 0) process.exit(status);
}
console.log(
  `running ${files.length} test files (${order.join(', ')})${clusterRuns > 1 && clusterFiles.length ? `; cluster tier run ${clusterRuns} of ${clusterRuns}` : ''}`,
);
process.exit(runTests(files));
