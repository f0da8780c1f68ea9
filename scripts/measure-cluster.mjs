// Measures cluster mode as `npm run cluster` runs it, one instance per service, started one after another so that
// each start has the machine to itself: each instance's time to ready (wall clock, and the CPU time its process spent
// until then, which a loaded machine inflates less), and after an idle pause each process's resident memory (VmRSS),
// this launcher's too (it loads what launch/cluster does: the runtime and launch/services). docs/deploy.md has figures.
//
// node scripts/measure-cluster.mjs js    the compiled JavaScript (dist/, built first when stale)
// node scripts/measure-cluster.mjs tsx   the TypeScript sources through tsx's loader, as before
// Env: the servers' addresses as for `npm run cluster` (MALL_POSTGRES_URL…); MEASURE_IDLE_MS (default 15000).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { buildDist } from './build.mjs';

const mode = process.argv[2];
if (mode !== 'js' && mode !== 'tsx') {
  console.error('usage: node scripts/measure-cluster.mjs js|tsx');
  process.exit(2);
}
if (mode === 'tsx' && !process.execArgv.includes('tsx')) {
  // The launcher under tsx, as `node --import tsx launch/cluster.ts` was.
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (mode === 'js') await buildDist();
const base = mode === 'js' ? '../dist/' : '../';
const ext = mode === 'js' ? 'js' : 'ts';
const { Cluster } = await import(`${base}platform/src/runtime/index.${ext}`);
const { modules } = await import(`${base}launch/services.${ext}`);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const TICK_MS = 10; // USER_HZ = 100 on Linux
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
};
const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

const cluster = new Cluster({
  env: { MALL_LOG_LEVEL: 'warn' },
  readyTimeoutMs: 180_000,
  onLine: (prefix, line) => {
    if (/"level":"(error|fatal)"/.test(line)) console.error(prefix, line);
  },
});
const rows = [];
try {
  for (const [service, module] of Object.entries(modules)) {
    const env = service === 'gateway' ? { PORT: String(await freePort()) } : {};
    const t0 = performance.now();
    const instance = await cluster.start({ service, module, env });
    rows.push({ service, pid: instance.child.pid, readyMs: Math.round(performance.now() - t0), cpuMs: cpuMs(instance.child.pid) });
  }
  await new Promise((r) => setTimeout(r, Number(process.env.MEASURE_IDLE_MS ?? 15_000)));
  console.log(`mode ${mode}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log('| process | time to ready (wall) | CPU time to ready | idle RSS |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.service} | ${r.readyMs} ms | ${r.cpuMs} ms | ${rssMb(r.pid)} MB |`);
  console.log(`| launcher | | | ${rssMb(process.pid)} MB |`);
} finally {
  await cluster.stop();
}
