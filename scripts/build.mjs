// Compiles the server side (contracts, platform, every service, the launchers) to plain JavaScript under
// dist/, in the repository's own layout, so production runs `node` without tsx's loader (docs/deploy.md).
//
// Each .ts file becomes a .js file at the same relative place (esbuild's transform, no bundling, no type check:
// `npm run typecheck` does that), and everything a module finds at run time beside itself is copied along: the
// migrations folders (.sql), platform/src/db/pglite-init.mjs, the paths built from `import.meta.url`. Relative
// specifiers ending in `.ts` (imports, `new URL('./x.ts', import.meta.url)`) are rewritten to `.js`; the workspace
// packages (`@mall/...`) get a package.json whose exports point at the .js files, and dist/node_modules/@mall links
// to them, so `node dist/launch/cluster.js` resolves the compiled workspaces and the third-party packages of the
// repository's node_modules above. The container image copies dist/ as its application folder.
//
// node scripts/build.mjs          builds when a source is newer than the last build (or the build is missing)
// node scripts/build.mjs --force  builds anyway
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist');
const stamp = join(out, '.built');

/** The workspaces the servers are made of (not tests, bench or the web apps, which the storefront's own build serves). */
const packages = ['contracts', 'platform', ...readdirSync(join(root, 'services')).map((s) => `services/${s}`)].filter((dir) =>
  existsSync(join(root, dir, 'package.json')),
);
/** What each workspace ships: its src/ and, for a service, its migrations. */
const shipped = (dir) => ['src', 'migrations'].map((sub) => join(dir, sub)).filter((d) => existsSync(join(root, d)));
const trees = [...packages.flatMap(shipped), 'launch'];

function files(dir) {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test' && entry.name !== 'node_modules') found.push(...files(path));
    } else if (!entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.md')) {
      found.push(path);
    }
  }
  return found;
}

const sources = trees.flatMap(files);
const inputs = [...sources, 'scripts/build.mjs', ...packages.map((p) => `${p}/package.json`)];

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  if (readFileSync(stamp, 'utf8') !== inputs.join('\n')) return true; // a file added or removed
  return inputs.some((f) => statSync(join(root, f)).mtimeMs > built);
}

/** `'./x.ts'` and `"../y/z.ts"` → `.js`: imports, re-exports, dynamic imports and `new URL(…, import.meta.url)` alike. */
const rewriteSpecifiers = (code) => code.replace(/(["'])(\.{1,2}\/[^"'\n]*?)\.ts\1/g, '$1$2.js$1');

/** A package.json export target `./src/x.ts` → `./src/x.js` (strings anywhere in the exports map). */
function rewriteExports(value) {
  if (typeof value === 'string') return value.replace(/\.ts$/, '.js');
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteExports(v)]));
  return value;
}

export async function buildDist({ force = false, quiet = false } = {}) {
  if (!force && !stale()) return false;
  const started = performance.now();
  rmSync(out, { recursive: true, force: true });
  const ts = sources.filter((f) => f.endsWith('.ts'));
  const result = await build({
    absWorkingDir: root,
    entryPoints: ts,
    outdir: out,
    outbase: '.',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.path.endsWith('.js') ? rewriteSpecifiers(file.text) : file.contents);
  }
  for (const asset of sources.filter((f) => !f.endsWith('.ts'))) {
    mkdirSync(dirname(join(out, asset)), { recursive: true });
    cpSync(join(root, asset), join(out, asset));
  }
  for (const dir of packages) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    manifest.exports = rewriteExports(manifest.exports);
    writeFileSync(join(out, dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const link = join(out, 'node_modules', manifest.name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(out, dir)), link);
  }
  // ESM by the nearest package.json, as in the repository (the image installs its node_modules from the sources' manifests).
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'mall-dist', private: true, type: 'module' }, null, 2)}\n`);
  // The gateway serves the storefront from apps/storefront/dist relative to its own module: the same place in dist/.
  const storefront = join(root, 'apps/storefront/dist');
  mkdirSync(join(out, 'apps/storefront'), { recursive: true });
  symlinkSync(relative(join(out, 'apps/storefront'), storefront), join(out, 'apps/storefront/dist'));
  writeFileSync(stamp, inputs.join('\n'));
  if (!quiet) console.log(`built dist/ (${ts.length} modules) in ${Math.round(performance.now() - started)} ms`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildDist({ force: process.argv.includes('--force') });
}
