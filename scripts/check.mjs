// npm run check: typecheck (the workspace with tsc, each web app with its own vue-tsc), lint, format and layers,
// run side by side (as many at once as the machine has cores) with their output held until each ends, so a failure
// reads as one block. Each tool keeps a cache under node_modules/.cache, so a second run only looks at what changed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const cache = join(root, 'node_modules/.cache');

/** The steps, longest first, so the short ones fill the gaps at the end. */
const steps = [
  {
    name: 'typecheck',
    cmd: bin('tsc'),
    args: ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', join(cache, 'tsc/tsbuildinfo')],
  },
  ...webApps().map((app) => ({ name: `typecheck ${app}`, cmd: 'npm', args: ['run', '-s', 'typecheck', '-w', `apps/${app}`] })),
  { name: 'lint', cmd: bin('eslint'), args: ['--max-warnings', '0', '--cache', '--cache-location', join(cache, 'eslint/'), '.'] },
  {
    name: 'format',
    cmd: bin('prettier'),
    args: ['--check', '--log-level', 'warn', '--cache', '--cache-location', join(cache, 'prettier/cache'), '**/*.{ts,mts,js,mjs,cjs,vue}'],
  },
  { name: 'layers', cmd: 'npm', args: ['run', '-s', 'layers'] },
];

/** The apps under apps/ that declare a `typecheck` script (each one's vue-tsc). */
function webApps() {
  const dir = join(root, 'apps');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((app) => {
    const manifest = join(dir, app, 'package.json');
    return existsSync(manifest) && Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.typecheck);
  });
}

function run(step) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString().trimEnd();
      console.log(`check: ${step.name} ${code === 0 ? 'passed' : 'FAILED'} (${seconds} s)`);
      if (text) console.log(text);
      resolve(code === 0);
    });
  });
}

const queue = [...steps];
const workers = Array.from({ length: Math.max(1, Math.min(availableParallelism(), steps.length)) }, async () => {
  let ok = true;
  for (let step = queue.shift(); step; step = queue.shift()) ok = (await run(step)) && ok;
  return ok;
});
const results = await Promise.all(workers);
if (results.includes(false)) {
  console.error('check: failed');
  process.exit(1);
}
