// Runs before `npm start` (after ensure-deps): builds each web app (apps/storefront, served at /, and apps/admin, at
// /admin) whose dist/ is missing or was built from other sources. The sources' content hash (not mtimes, which a
// checkout rewrites) is kept beside each build.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const apps = ['storefront', 'admin'];

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

for (const name of apps) {
  const app = join(root, 'apps', name);
  const stamp = join(app, 'dist/.source-hash');
  const inputs = ['index.html', 'package.json', 'vite.config.ts', 'src'].map((p) => join(app, p)).flatMap(files);
  inputs.push(join(root, 'package-lock.json')); // a new version of Vue or Element Plus is a new build too
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file));
  const digest = hash.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) continue;

  console.log(`building the ${name} app (apps/${name})…`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'build', '-w', `@mall/${name}`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, digest);
  console.log(`${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
