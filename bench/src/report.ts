// Writes docs/benchmarks.md from one run: where and how it was measured, one row per target
// with ratios to the bare route, the kernel/raw ratio against its target, and the mall routes beside them.
import { writeFile } from 'node:fs/promises';
import { ALL_IN_ONE_RSS_BUDGET_MB, type AllInOneResult } from './all-in-one.ts';
import type { Measurement } from './load.ts';
import { connectionsOf, type Target, type TargetName } from './targets.ts';

export const KERNEL_TO_RAW_TARGET = 0.85;
/** Issue 12's targets for the storefront's catalog routes, in ratio to the bare route, and their p99 at 64 connections. */
export const CATALOG_TARGETS = { products: 0.1, product: 0.2, p99Ms: 50 } as const;

export interface RunReport {
  date: Date;
  /** 1-minute load averages around the run: other work on the machine skews every figure. */
  machine: { cores: number; cpu: string; node: string; platform: string; loadBefore: number; loadAfter: number };
  command: string;
  connections: number;
  durationS: number;
  warmupS: number;
  rounds: number;
  /** Settings that differ from a plain `npm run bench`, e.g. BENCH_FRONT_TRACING=0. */
  toggles: string[];
  results: TargetResult[];
  allInOne: AllInOneResult;
}

export interface TargetResult {
  target: Target;
  measurement: Measurement;
  /** CPU time of each server process per request during the measured window, µs. */
  cpu: Array<{ server: string; usPerRequest: number }>;
  /** Throughput of each interleaved round, req/s. */
  roundRates: number[];
}

const intro = `# Benchmarks

Produced by \`npm run bench\` (bench/src/run.ts); the file is rewritten by every run, so edit the
harness, not this page. Every figure is measured on loopback, beside a reference measured in the
same run on the same machine (a bare Fastify route), and read as a ratio to it. Each server runs in
its own Node process; the load generator (autocannon) runs in the runner's process. PGlite is never
part of a load figure; it shows only in the all-in-one's start time and memory, measured first.
`;

const howToRead = `## How to read

Absolute req/s depend on the machine and on what else it runs; the ratios are what carry from one
machine to another. *ratio to bare* is a target's throughput over the bare route's in the same run.
*kernel / raw* prices the kernel's RPC path (typed client, discovery, deadlines, retry budget,
circuit breaker, trace propagation, input validation, call scope, server span and metrics) against
a hand-written undici hop with the same payload and schemas; the target is ≥ ${KERNEL_TO_RAW_TARGET}. The raw front uses
\`Pool.request\` and reads the answer through its body stream, as most hand-written callers do; the
kernel's transport sends through the same pool's dispatcher and gathers the answer into one buffer
(no stream, no header object), so its front costs only a little more than the raw one (the
client's span, deadline, budget and breaker, and three more request headers) while its backend
costs more (the async context, the server span, request id and metrics). Seen on this machine: the raw front runs in one of two states from one process start to the next,
about 35 or about 45 µs of CPU per request (its profile puts the extra time in \`process.nextTick\`,
which undici's body stream calls, and in the socket writes), and kernel / raw moves with it (about 0.85–0.9 against the first, above 1
against the second); the *server CPU* column shows which state a run met.

p50/p99 are per-request latencies seen by autocannon at the stated concurrency; on a hop they
include the queueing in both processes. With 2 cores the load generator and the servers share the
CPU, so a hop can never reach the bare route's throughput. The targets are measured in interleaved
rounds so that background load hits all of them alike; still, compare figures only within one run,
and distrust a run on a busy machine (see the load averages). *Server CPU µs/request* is each
server process's user + system CPU time in the measured window divided by the requests answered:
it shows which side of a hop costs what, and moves less than req/s when the machine is shared.
A run with failures is not a valid figure.

*login* and *me* are two routes of the mall itself, through its real gateway and identity, each a
kernel instance in its own process started by the cluster launcher on the real PostgreSQL, Redis,
NATS and etcd (a static registry, so the gateway calls this run's identity only; logs at warn, so
no access log is written). The bench registers one fresh user first; the gateway's rate limits are
raised through \`MALL_GATEWAY_RATE_LIMITS__*\` so every request is still counted in Redis but none
is refused, and login always sends the right password, so the brute-force lockout (which counts
failures only) never trips. *login* is dominated by argon2id by design (19 MiB, 2 passes, on libuv's
thread pool: milliseconds of CPU per request, meant to make guessing expensive), plus a refresh-token
family written to PostgreSQL and an access token signed; its throughput is the price of a password
check, not an overhead to remove, and it runs at fewer connections because more would only queue.
*me* is the authenticated read path every signed-in page takes: rate limits, the Bearer token
verified locally against the cached JWKS, the ban and RBAC check, then one kernel RPC to identity
and two PostgreSQL reads; *me / kernel* compares it with the bare kernel hop. The gateway's and
identity's CPU columns also hold their background work (the gateway's policy poll, every 5 s).
Their own README and config pages say what each step does; \`BENCH_CPU_PROF\` profiles them too.

## Diagnostics

\`BENCH_DURATION\` (s per target), \`BENCH_CONNECTIONS\`, \`BENCH_WARMUP\` (s) and \`BENCH_ROUNDS\`
shape the load; \`BENCH_ONLY=raw,kernel\` runs some targets (bare, raw, kernel, login, me, products, product, search, and \`allinone\`
for the all-in-one's start and memory alone) and leaves this page alone.
\`BENCH_CPU_PROF=<dir>\` writes a CPU profile of each server for the measured window only;
\`npx tsx bench/src/profile-summary.ts <dir>\` prints self and inclusive time per package and
function. \`BENCH_FRONT_TRACING=0\` leaves tracing unstarted in the kernel hop's front (no client
spans; the call scope still rides in the async context), and \`BENCH_KERNEL_BACKEND=rpc-only\` serves
the contract with the kernel's RPC binding on a plain Fastify (no instance, no fast path, no
observability plugin); a run with a toggle says so under *Toggles* and is not the product's figure.
\`npm run bench:instructions\` counts, with valgrind's callgrind, the instructions each process of both
hops executes per request, a figure the machine's other work does not move: it is the one to compare
before and after a change to the kernel's request path, and it writes
[benchmarks-instructions.md](benchmarks-instructions.md).
`;

export function renderReport(run: RunReport): string {
  const bare = find(run, 'bare').measurement;
  const raw = find(run, 'raw').measurement;
  const kernel = find(run, 'kernel').measurement;
  const rawCpu = serverCpu(find(run, 'raw'));
  const kernelCpu = serverCpu(find(run, 'kernel'));
  const kernelToRaw = kernel.requestsPerSecond / raw.requestsPerSecond;
  const verdict = kernelToRaw >= KERNEL_TO_RAW_TARGET ? 'met' : 'NOT met';
  const rows = run.results.map(
    ({ target, measurement: m, cpu }) =>
      `| ${target.title} | \`${target.method} ${target.path}\` | ${Math.round(m.requestsPerSecond)} | ${m.p50Ms.toFixed(2)} | ${m.p99Ms.toFixed(2)} | ${connectionsOf(target, run.connections)} | ${ratioText(m.requestsPerSecond / bare.requestsPerSecond)} | ${cpuCell(cpu)} | ${m.failures} |`,
  );
  return [
    intro,
    '## Latest run',
    '',
    `- Date: ${run.date.toISOString()}`,
    `- Machine: ${run.machine.cores} cores (${run.machine.cpu}), Node ${run.machine.node}, ${run.machine.platform}`,
    `- Command: \`${run.command}\``,
    `- Machine load (1-min average) before / after: ${run.machine.loadBefore.toFixed(2)} / ${run.machine.loadAfter.toFixed(2)}${busyWarning(run)}`,
    `- Load: autocannon, ${run.connections} connections (fewer where the table says so), ${run.warmupS} s warm-up, then ${run.durationS} s measured per target in ${run.rounds} interleaved rounds, loopback`,
    `- Toggles: ${run.toggles.length > 0 ? run.toggles.join(', ') : 'none (defaults)'}`,
    '',
    '| target | route | req/s | p50 ms | p99 ms | connections | ratio to bare | server CPU µs/request | failures |',
    '|---|---|---:|---:|---:|---:|---:|---|---:|',
    ...rows,
    '',
    `**kernel / raw = ${kernelToRaw.toFixed(2)}** (target ≥ ${KERNEL_TO_RAW_TARGET}: ${verdict}); raw / bare = ${(raw.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}.`,
    '',
    roundsLine(find(run, 'raw').roundRates, find(run, 'kernel').roundRates),
    '',
    `Server CPU per request (both processes of the hop): raw ${Math.round(rawCpu)} µs, kernel ${Math.round(kernelCpu)} µs; raw / kernel = ${(rawCpu / kernelCpu).toFixed(2)}, the throughput ratio the kernel hop would reach if the servers alone were CPU-bound.`,
    '',
    ...mallLines(run, bare.requestsPerSecond, kernel.requestsPerSecond),
    ...allInOneLines(run.allInOne),
    '### Targets',
    '',
    ...run.results.map(({ target }) => `- **${target.title}**: ${target.description}.`),
    '',
    howToRead,
  ].join('\n');
}

export async function writeReport(path: string, run: RunReport): Promise<void> {
  await writeFile(path, renderReport(run));
}

/** The mall's routes beside the references; a run is always full when this page is written. */
function mallLines(run: RunReport, bareRps: number, kernelRps: number): string[] {
  const login = find(run, 'login');
  const me = find(run, 'me');
  const ratio = (m: Measurement, reference: number) => ratioText(m.requestsPerSecond / reference);
  return [
    `Mall routes: login / bare = ${ratio(login.measurement, bareRps)} (argon2id by design; server CPU ${Math.round(serverCpu(login))} µs/request), ` +
      `me / bare = ${ratio(me.measurement, bareRps)}, me / kernel = ${ratio(me.measurement, kernelRps)} (server CPU ${Math.round(serverCpu(me))} µs/request).`,
    '',
    ...catalogLines(run, bareRps),
  ];
}

/** The storefront's catalog routes against their targets: a ratio to bare and a p99 bound each. */
function catalogLines(run: RunReport, bareRps: number): string[] {
  const line = (name: 'products' | 'product' | 'search', floor: number | undefined) => {
    const r = run.results.find((x) => x.target.name === name);
    if (!r) return undefined;
    const m = r.measurement;
    const ratioToBare = m.requestsPerSecond / bareRps;
    const p99Met = m.p99Ms <= CATALOG_TARGETS.p99Ms;
    const ratioMet = floor === undefined || ratioToBare >= floor;
    const target = floor === undefined ? `p99 ≤ ${CATALOG_TARGETS.p99Ms} ms` : `≥ ${floor} and p99 ≤ ${CATALOG_TARGETS.p99Ms} ms`;
    return `- ${r.target.title}: ${name} / bare = ${ratioText(ratioToBare)}, p99 ${m.p99Ms.toFixed(1)} ms (target ${target}: ${ratioMet && p99Met ? 'met' : '**NOT met**'}); server CPU ${cpuCell(r.cpu)}.`;
  };
  const lines = [line('products', CATALOG_TARGETS.products), line('product', CATALOG_TARGETS.product), line('search', undefined)].filter(
    (l): l is string => l !== undefined,
  );
  return lines.length ? ['Storefront catalog routes (public, through the gateway, on the demo catalog):', '', ...lines, ''] : [];
}

/** The all-in-one's start: not a load figure, so absolute, against its memory budget. */
function allInOneLines(a: AllInOneResult): string[] {
  const budget = (mb: number) => (mb <= ALL_IN_ONE_RSS_BUDGET_MB ? 'yes' : '**no**');
  return [
    '### All-in-one start and memory',
    '',
    `\`${a.command}\` (what \`npm start\` runs) in a child on a fresh temporary data directory, then again on the same directory; ` +
      'ready = from spawn to the first 200 of `/readyz`; idle RSS = VmRSS of the process hosting the services, 5 s after ready, no request sent.',
    '',
    `| start | ready ms | idle RSS MB | ≤ ${ALL_IN_ONE_RSS_BUDGET_MB} MB |`,
    '|---|---:|---:|---|',
    `| first (database created, migrations, first admin) | ${a.firstStart.readyMs} | ${a.firstStart.idleRssMb} | ${budget(a.firstStart.idleRssMb)} |`,
    `| restart (same data directory) | ${a.restart.readyMs} | ${a.restart.idleRssMb} | ${budget(a.restart.idleRssMb)} |`,
    '',
    `**Budget: idle RSS ≤ ${ALL_IN_ONE_RSS_BUDGET_MB} MB with every service.** On a first start initdb (two extra PGlite ` +
      'instances, whose WebAssembly memory is freed but not all given back) runs in a short-lived child process, so the ' +
      'host does not keep it; the host then opens the new database, runs every migration and creates the first admin. ' +
      'Every later start opens the existing database only. Both figures move by some 30 MB from run to run; ' +
      'the restart is the usual idle figure.',
    '',
  ];
}

/**
 * kernel / raw round by round: each kernel round runs right after the raw round of the same number, so a
 * machine whose speed drifts during the run moves both alike; the spread shows how far one run can be trusted.
 */
function roundsLine(raw: number[], kernel: number[]): string {
  const ratios = kernel
    .slice(0, raw.length)
    .map((k, i) => k / raw[i]!)
    .sort((a, b) => a - b);
  if (ratios.length === 0) return '';
  const mid = ratios.length / 2;
  const median = ratios.length % 2 === 1 ? ratios[Math.floor(mid)]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return (
    `Round by round, kernel / raw: median ${median.toFixed(2)}, from ${ratios[0]!.toFixed(2)} to ${ratios.at(-1)!.toFixed(2)} over ${ratios.length} rounds ` +
    `(raw ${raw.map((r) => Math.round(r)).join(', ')} req/s; kernel ${kernel.map((k) => Math.round(k)).join(', ')} req/s).`
  );
}

/** Two decimals, or three significant digits below 0.01 (login's ratio would otherwise read 0.00). */
function ratioText(ratio: number): string {
  return ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(3);
}

function busyWarning(run: RunReport): string {
  const busy = run.machine.loadBefore >= run.machine.cores / 2;
  return busy ? ' — the machine was busy before the run started; treat the figures with suspicion' : '';
}

function cpuCell(cpu: TargetResult['cpu']): string {
  return cpu.map((c) => `${c.server} ${Math.round(c.usPerRequest)}`).join(', ');
}

function find(run: RunReport, name: TargetName): TargetResult {
  const result = run.results.find((r) => r.target.name === name);
  if (!result) throw new Error(`the run has no ${name} measurement`);
  return result;
}

function serverCpu(result: TargetResult): number {
  return result.cpu.reduce((sum, c) => sum + c.usPerRequest, 0);
}
