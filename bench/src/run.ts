// npm run bench: times the all-in-one's start and reads its idle memory, starts the servers of the bare route, the raw hop, the kernel hop and
// the mall's gateway and identity, measures every target in interleaved rounds in one run, then rewrites docs/benchmarks.md. Every server is stopped before exit.
import { cpus, loadavg, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureAllInOne, type AllInOneResult } from './all-in-one.ts';
import { stopAllServers } from './children.ts';
import { log, Tally, warmUp } from './load.ts';
import { dropMallDatabase } from './mall.ts';
import { probe } from './probe.ts';
import { writeReport, type RunReport, type TargetResult } from './report.ts';
import { benchParts, readBenchSettings, type BenchSettings } from './settings.ts';
import { connectionsOf, startTarget, targets, type StartedTarget, type Target } from './targets.ts';

const reportPath = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

interface Running {
  target: Target;
  started: StartedTarget;
  tally: Tally;
  cpuUs: Map<string, number>;
  roundRates: number[];
}

const running: Running[] = [];

async function main(): Promise<void> {
  const settings = readBenchSettings();
  process.once('SIGINT', () => void interrupted());
  const loadBefore = loadavg()[0] ?? 0;
  // First, while nothing else of the run is up: the all-in-one's memory is what a newcomer's machine sees.
  const allInOne = settings.only.includes('allinone') ? await measureAllInOne() : undefined;
  try {
    for (const target of targets.filter((t) => settings.only.includes(t.name))) {
      log(`${target.name}: starting servers`);
      const started = await startTarget(target, { env: settings.cpuProfDir ? { BENCH_CPU_PROF: settings.cpuProfDir } : {} });
      running.push({ target, started, tally: new Tally(), cpuUs: new Map(), roundRates: [] });
      await probe(started.request, started.check);
    }
    for (const r of running) {
      log(`${r.target.name}: warm-up ${settings.warmupS} s`);
      await warmUp(r.started.request, connectionsOf(r.target, settings.connections), settings.warmupS);
    }
    const seconds = settings.durationS / settings.rounds;
    for (let round = 1; round <= settings.rounds; round++) {
      for (const r of running)
        await measureSegment(r, connectionsOf(r.target, settings.connections), seconds, `round ${round}/${settings.rounds}`);
    }
  } finally {
    await stopAllServers();
    await dropMallDatabase();
  }
  const results = running.map(summarize);
  await finish(settings, results, allInOne, loadBefore);
}

async function measureSegment(r: Running, connections: number, seconds: number, label: string): Promise<void> {
  const { servers } = r.started;
  for (const server of servers) server.openWindow();
  const rate = await r.tally.segment(r.started.request, connections, seconds);
  const windows = await Promise.all(servers.map((server) => server.closeWindow()));
  windows.forEach((w, i) => {
    const name = servers[i]?.name ?? '?';
    r.cpuUs.set(name, (r.cpuUs.get(name) ?? 0) + w.cpuUs);
    if (w.profilePath) log(`${r.target.name}: profile ${w.profilePath}`);
  });
  r.roundRates.push(rate);
  log(`${label} ${r.target.name}: ${Math.round(rate)} req/s`);
}

function summarize(r: Running): TargetResult {
  const measurement = r.tally.result();
  const cpu = [...r.cpuUs].map(([server, us]) => ({ server, usPerRequest: us / measurement.requests }));
  log(
    `${r.target.name}: ${Math.round(measurement.requestsPerSecond)} req/s, p50 ${measurement.p50Ms.toFixed(2)} ms, p99 ${measurement.p99Ms.toFixed(2)} ms, ` +
      `CPU per request: ${cpu.map((c) => `${c.server} ${Math.round(c.usPerRequest)} µs`).join(', ')}` +
      (measurement.failures > 0 ? `; FAILURES ${measurement.failures} (${measurement.failureDetail})` : ''),
  );
  return { target: r.target, measurement, cpu, roundRates: r.roundRates };
}

async function finish(
  settings: BenchSettings,
  results: TargetResult[],
  allInOne: AllInOneResult | undefined,
  loadBefore: number,
): Promise<void> {
  const failed = results.filter((r) => r.measurement.failures > 0).map((r) => r.target.name);
  if (settings.only.length < benchParts.length || !allInOne) {
    log(`partial run (BENCH_ONLY=${settings.only.join(',')}): ${reportPath} left unchanged`);
  } else {
    await writeReport(reportPath, describeRun(settings, results, allInOne, loadBefore));
    log(`wrote ${reportPath}`);
  }
  if (failed.length > 0) throw new Error(`requests failed during the run of: ${failed.join(', ')}; those figures are not valid`);
}

function describeRun(settings: BenchSettings, results: TargetResult[], allInOne: AllInOneResult, loadBefore: number): RunReport {
  const overrides = settings.overrides.join(' ');
  return {
    date: new Date(),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      node: process.version,
      platform: `${platform()} ${release()}`,
      loadBefore,
      loadAfter: loadavg()[0] ?? 0,
    },
    command: overrides ? `${overrides} npm run bench` : 'npm run bench',
    connections: settings.connections,
    durationS: settings.durationS,
    warmupS: settings.warmupS,
    rounds: settings.rounds,
    toggles: settings.overrides.filter((o) => /^BENCH_(FRONT_TRACING|BACKEND_TRACING|KERNEL_BACKEND|CPU_PROF)=/.test(o)),
    results,
    allInOne,
  };
}

async function interrupted(): Promise<void> {
  log('interrupted: stopping servers');
  await stopAllServers();
  await dropMallDatabase();
  process.exit(130);
}

try {
  await main();
} catch (err) {
  console.error(`[bench] failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
}
