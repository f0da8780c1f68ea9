// The all-in-one mall as a newcomer meets it: `npm start`'s own command in a child, on a fresh data
// directory and then again on the same one; the time until /readyz answers and the resident memory once idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './load.ts';

/** Idle resident memory the all-in-one process may use with every service, MB (issue 11). */
export const ALL_IN_ONE_RSS_BUDGET_MB = 350;
const IDLE_MS = 5_000;
const READY_TIMEOUT_MS = 120_000;

export interface StartFigures {
  /** From spawning the command to the first 200 of /readyz. */
  readyMs: number;
  /** VmRSS of the process that hosts the services, after IDLE_MS without requests, MB (10^6 bytes). */
  idleRssMb: number;
}

export interface AllInOneResult {
  command: string;
  /** The first start: PGlite creates its database, every migration runs, the first admin is created. */
  firstStart: StartFigures;
  /** A start on the data directory the first one left. */
  restart: StartFigures;
}

const root = new URL('../../', import.meta.url).pathname;

export async function measureAllInOne(): Promise<AllInOneResult> {
  const command = startCommand();
  const dataDir = await mkdtemp(join(tmpdir(), 'mall-bench-allinone-'));
  try {
    const firstStart = await startOnce(command, dataDir);
    log(`all-in-one first start: ready in ${firstStart.readyMs} ms, idle RSS ${firstStart.idleRssMb} MB`);
    const restart = await startOnce(command, dataDir);
    log(`all-in-one restart: ready in ${restart.readyMs} ms, idle RSS ${restart.idleRssMb} MB`);
    return { command, firstStart, restart };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** package.json's start script, so the figure follows what `npm start` really runs (without npm and its prestart). */
function startCommand(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = manifest.scripts.start;
  if (!start) throw new Error('package.json has no start script');
  return start;
}

async function startOnce(command: string, dataDir: string): Promise<StartFigures> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn('sh', ['-c', command], {
    cwd: root,
    env: { ...process.env, PORT: String(port), MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilReady(child, `http://127.0.0.1:${port}/readyz`);
    const readyMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { readyMs, idleRssMb: Math.round((hostRssKib(child.pid!) * 1024) / 1e6) };
  } finally {
    await stop(child);
  }
}

async function waitUntilReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the all-in-one exited (code ${child.exitCode}) before ${url} answered`);
    if (
      (await fetch(url).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS} ms`);
}

/**
 * The largest VmRSS (KiB) among the child and its descendants: with `exec node --import tsx` the child
 * is the host itself, but a command run through the tsx CLI or a shell puts the host one or two levels down.
 */
function hostRssKib(pid: number): number {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return Math.max(rss, ...children.map(hostRssKib));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
