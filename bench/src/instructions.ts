// npm run bench:instructions: the work each process of the raw and the kernel hop does per request, counted in
// CPU instructions by valgrind's callgrind rather than timed. A count does not move with what else the machine
// runs, so it prices a change to the kernel where req/s on a shared 2-core machine swing by more than the change.
// One process at a time runs under callgrind (its server bundled once by esbuild, so no TypeScript is compiled
// under valgrind); the other side of its hop runs natively, and autocannon sends a fixed number of requests,
// counted from the moment callgrind's instrumentation is switched on to a dump. Writes docs/benchmarks-instructions.md.
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { build, type Plugin } from 'esbuild';
import { adoptServer, readyUrl, startServer, stopAllServers, type Server } from './children.ts';
import { compilerTotal, dumpTotal } from './callgrind.ts';
import { log } from './load.ts';
import { positiveInt } from './settings.ts';

type Hop = 'raw' | 'kernel';
type Side = 'front' | 'backend';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules, so the bundles find their libraries and no linter or dependency check reads them.
const bundleDir = join(root, 'node_modules', '.cache', 'mall-bench');
const reportPath = join(root, 'docs', 'benchmarks-instructions.md');

/** BENCH_IC_ONLY=kernel-backend,raw-front counts only those processes, and leaves the page alone. */
const only = process.env.BENCH_IC_ONLY ? process.env.BENCH_IC_ONLY.split(',').map((s) => s.trim()) : undefined;
const processes = ['raw-backend', 'kernel-backend', 'raw-front', 'kernel-front'];
for (const name of only ?? []) {
  if (!processes.includes(name)) throw new Error(`BENCH_IC_ONLY: unknown process "${name}" (known: ${processes.join(', ')})`);
}
/** BENCH_IC_KEEP=<dir> keeps callgrind's files there, for callgrind_annotate. */
const keepDir = process.env.BENCH_IC_KEEP || undefined;
const env = process.env;
const settings = {
  requests: positiveInt(env.BENCH_IC_REQUESTS, 3000, 'BENCH_IC_REQUESTS'),
  // Long enough that V8 has nothing left to optimise for the first time inside the counted window.
  warmup: positiveInt(env.BENCH_IC_WARMUP, 15000, 'BENCH_IC_WARMUP'),
  connections: positiveInt(env.BENCH_IC_CONNECTIONS, 16, 'BENCH_IC_CONNECTIONS'),
  runs: positiveInt(env.BENCH_IC_RUNS, 3, 'BENCH_IC_RUNS'),
};

// Only our TypeScript is bundled; every library is loaded by Node from node_modules as usual.
const librariesStayExternal: Plugin = {
  name: 'libraries-stay-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@mall/') ? undefined : { path: args.path, external: true }));
  },
};

const bundles = new Map<string, Promise<string>>();

/** Each server is bundled once per run, however many times it is counted. */
function bundle(server: string): Promise<string> {
  let built = bundles.get(server);
  if (!built) {
    built = buildBundle(server);
    bundles.set(server, built);
  }
  return built;
}

async function buildBundle(server: string): Promise<string> {
  const outfile = join(bundleDir, `${server}.mjs`);
  await build({
    entryPoints: [join(root, 'bench', 'src', 'servers', `${server}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    plugins: [librariesStayExternal],
    logLevel: 'warning',
  });
  return outfile;
}

/** Starts a bundled server under callgrind, which counts nothing until its instrumentation is switched on. */
async function startCounted(server: string, outDir: string, env: Record<string, string>): Promise<{ server: Server; pid: number }> {
  const child = spawn(
    'valgrind',
    // Uninstrumented until the counted requests, so it starts and warms up faster. --single-threaded: V8 compiles
    // and collects on the main thread, so the count does not depend on how its helper threads were scheduled.
    [
      '-q',
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(outDir, 'callgrind.%p')}`,
      process.execPath,
      '--single-threaded',
      await bundle(server),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const url = await readyUrl(child, `${server} (under callgrind)`, 300_000);
  return { server: adoptServer(server, child, url), pid: child.pid! };
}

async function send(url: string, amount: number): Promise<number> {
  const result = await new Promise<Result>((resolve, reject) => {
    autocannon({ url, connections: settings.connections, amount, timeout: 60 }, (err, done) => (err ? reject(err) : resolve(done)));
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${url}: ${failed} of ${amount} requests failed`);
  return result.requests.total;
}

/**
 * Instructions per request of one side of a hop, over the measured requests only, without what V8's optimizing
 * compilers did in that window (also given). Under callgrind a window lasts minutes of wall time, and the timers
 * that fire in it (health checks, metrics) now and then send a function back to be optimised again: work a
 * native process spreads over a hundred times more requests.
 */
async function count(hop: Hop, side: Side): Promise<{ perRequest: number; compilerPerRequest: number }> {
  const outDir = await mkdtemp(join(tmpdir(), `mall-ic-${hop}-${side}-`));
  try {
    let counted: { server: Server; pid: number };
    let frontUrl: string;
    if (side === 'front') {
      const backend = await startServer(`${hop}-backend`);
      counted = await startCounted(`${hop}-front`, outDir, { BENCH_BACKEND_URL: backend.url });
      frontUrl = counted.server.url;
    } else {
      counted = await startCounted(`${hop}-backend`, outDir, {});
      frontUrl = (await startServer(`${hop}-front`, { env: { BENCH_BACKEND_URL: counted.server.url } })).url;
    }
    const url = `${frontUrl}/${hop}`;
    await send(url, settings.warmup);
    await run('callgrind_control', ['--instr=on', String(counted.pid)]);
    const requests = await send(url, settings.requests);
    await run('callgrind_control', ['--dump', String(counted.pid)]);
    await stopAllServers();
    if (keepDir) await cp(outDir, join(keepDir, `${hop}-${side}-${Date.now()}`), { recursive: true });
    const dump = await dumpFile(outDir);
    const total = dumpTotal(await readFile(dump, 'utf8'));
    const compiler = await compilerInstructions(dump);
    return { perRequest: (total - compiler) / requests, compilerPerRequest: compiler / requests };
  } finally {
    await stopAllServers();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The dump made after the measured requests (callgrind numbers its dumps .1, .2, ...). */
async function dumpFile(outDir: string): Promise<string> {
  const dump = (await readdir(outDir)).find((f) => f.endsWith('.1'));
  if (!dump) throw new Error(`callgrind wrote no dump in ${outDir}`);
  return join(outDir, dump);
}

/** The instructions of the dump spent in V8's optimizing compilers, by callgrind_annotate's list of functions. */
async function compilerInstructions(dump: string): Promise<number> {
  const { stdout } = await run('callgrind_annotate', ['--inclusive=no', '--threshold=100', dump], { maxBuffer: 256 * 1024 * 1024 });
  return compilerTotal(stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const k = (n: number) => `${(n / 1000).toFixed(1)}k`;

async function main(): Promise<void> {
  try {
    await run('valgrind', ['--version']);
  } catch {
    throw new Error('valgrind is not installed (Debian: apt-get install -y valgrind)');
  }
  await mkdir(bundleDir, { recursive: true });
  const counts = new Map<string, number[]>();
  const compilers: number[] = [];
  for (let i = 1; i <= settings.runs; i++) {
    for (const side of ['backend', 'front'] as const) {
      for (const hop of ['raw', 'kernel'] as const) {
        if (only && !only.includes(`${hop}-${side}`)) continue;
        const { perRequest, compilerPerRequest } = await count(hop, side);
        log(
          `run ${i}/${settings.runs} ${hop}-${side}: ${k(perRequest)} instructions/request (and ${k(compilerPerRequest)} in V8's optimizing compilers, left out)`,
        );
        counts.set(`${hop}-${side}`, [...(counts.get(`${hop}-${side}`) ?? []), perRequest]);
        compilers.push(compilerPerRequest);
      }
    }
  }
  if (only) {
    log(`partial run (BENCH_IC_ONLY=${only.join(',')}): ${reportPath} left unchanged`);
    return;
  }
  const m = (name: string) => median(counts.get(name)!);
  const spread = (name: string) => `${k(Math.min(...counts.get(name)!))}–${k(Math.max(...counts.get(name)!))}`;
  const rows = (['backend', 'front'] as const).map(
    (side) =>
      `| ${side} | ${k(m(`raw-${side}`))} (${spread(`raw-${side}`)}) | ${k(m(`kernel-${side}`))} (${spread(`kernel-${side}`)}) | ${(m(`raw-${side}`) / m(`kernel-${side}`)).toFixed(2)} |`,
  );
  const rawHop = m('raw-backend') + m('raw-front');
  const kernelHop = m('kernel-backend') + m('kernel-front');
  const command = ['BENCH_IC_REQUESTS', 'BENCH_IC_WARMUP', 'BENCH_IC_CONNECTIONS', 'BENCH_IC_RUNS']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]} `)
    .join('');
  const page = `# Benchmarks: instructions per request

Produced by \`npm run bench:instructions\` (bench/src/instructions.ts); the file is rewritten by every run.
[benchmarks.md](benchmarks.md) times the hops; this page counts the work each of their processes does
per request, in CPU instructions, with valgrind's callgrind. A count does not move with what else the
machine runs (a timed figure on a shared 2-core machine can swing by more than the change it is meant
to price), so it is the figure to compare before and after a change to the kernel's request path.

- Date: ${new Date().toISOString()}
- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${platform()} ${release()}
- Command: \`${command}npm run bench:instructions\`
- Each process in turn runs under callgrind (\`node --single-threaded\`, its server bundled by esbuild), the
  other side of its hop natively; autocannon sends ${settings.warmup} requests to warm it up, then
  ${settings.requests} counted ones, ${settings.connections} connections, loopback. ${settings.runs} runs; the median, and in
  brackets the lowest and highest.
- Left out of every figure: what V8's optimizing compilers did inside the counted window, from
  ${k(Math.min(...compilers))} to ${k(Math.max(...compilers))} instructions per request over the runs (see *How to read*).

| process | raw hop | kernel hop | raw / kernel |
|---|---:|---:|---:|
${rows.join('\n')}
| both | ${k(rawHop)} | ${k(kernelHop)} | ${(rawHop / kernelHop).toFixed(2)} |

## How to read

A count is the user-space instructions of the whole process (its JavaScript, V8 and Node's C++; V8
runs on one thread here) per request answered, minus what TurboFan and Maglev did in the counted
window. Under callgrind the window lasts minutes of wall time, and the timers that fire in it (health
checks, metrics, keep-alives) now and then send a function back to be optimised again: a native
process spreads that over a hundred times more requests. Hence also the long warm-up; one too short
counts the first optimisations too. A count leaves out the time spent in the operating system (the
socket reads and writes, as many in both hops) and what an instruction costs (cache misses), so
*raw / kernel* here is the ratio of the work the two hops do, not of their throughput. The same
process counted twice differs by a few per cent (garbage collections fall differently into the
window), the kernel's processes more than the raw ones. Under callgrind a process runs some fifty
times slower, so the servers it talks to are always ready and it handles requests in larger batches
than under a timed load.
`;
  await writeFile(reportPath, page);
  log(`wrote ${reportPath}`);
}

await main();
process.exit(0);
