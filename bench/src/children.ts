// Starts each bench server in its own Node process (never in the load generator's) and waits for
// it to report its URL over IPC (or adopts one the cluster launcher started); stops it with SIGTERM,
// then SIGKILL if it lingers.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { WindowReport } from './servers/window.ts';

export interface Server {
  name: string;
  url: string;
  /** Starts counting this process's CPU time (and profiling it, with BENCH_CPU_PROF). */
  openWindow(): void;
  closeWindow(): Promise<WindowReport>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

const serversDir = fileURLToPath(new URL('./servers/', import.meta.url));

/** Every child not yet known to have exited, ready or still starting, so an interrupted run leaves none behind. */
const live = new Set<ChildProcess>();

// Last resort when the runner exits without stopping its children (an uncaught error, process.exit).
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startServer(name: string, opts: StartOptions = {}): Promise<Server> {
  const child = fork(`${serversDir}${name}.ts`, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  track(child);
  try {
    return adoptServer(name, child, await readyUrl(child, name, opts.readyTimeoutMs ?? 20_000));
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** Counts a child started elsewhere (the cluster launcher) among the ones stopAllServers and exit stop. */
export function track(child: ChildProcess): void {
  if (live.has(child) || child.exitCode !== null || child.signalCode !== null) return;
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** A ready server process that serves the measurement window (see servers/window.ts). */
export function adoptServer(name: string, child: ChildProcess, url: string): Server {
  track(child);
  return {
    name,
    url,
    openWindow: () => child.send({ type: 'window-open' }),
    closeWindow: () => windowReport(child, name),
    stop: () => stopChild(child),
  };
}

/** Kernel instances say 'instance-ready', the plain servers 'ready'; both carry the URL. */
export function readyUrl(child: ChildProcess, name: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report ready within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (message: { type?: string; url?: string }) => {
      if ((message.type === 'ready' || message.type === 'instance-ready') && message.url) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
}

function windowReport(child: ChildProcess, name: string): Promise<WindowReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report its measurement window`)), 10_000);
    const onMessage = (message: { type?: string }) => {
      if (message.type !== 'window-closed') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as WindowReport);
    };
    child.on('message', onMessage);
    child.send({ type: 'window-close' });
  });
}

/** Stops every server this process started, including those still starting: the last started first, so no backend stops under a front still calling it. */
export async function stopAllServers(): Promise<void> {
  for (const child of [...live].reverse()) await stopChild(child);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}
