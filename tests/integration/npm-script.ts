// Runs an npm script the way a user or a process manager does (`npm start`, `npm run cluster`) and
// watches its whole process tree, so a test can signal npm alone and see that nothing outlives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

const root = new URL('../../', import.meta.url).pathname;

export interface NpmScript {
  npm: ChildProcess;
  /** What the script printed so far (stdout and stderr), for a failure message. */
  output(): string;
}

export function startNpmScript(args: string[], env: Record<string, string>): NpmScript {
  const npm = spawn('npm', args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer): void => void (text = (text + chunk.toString()).slice(-20_000));
  npm.stdout!.on('data', keep);
  npm.stderr!.on('data', keep);
  return { npm, output: () => text };
}

/** Polls `url` until it answers 200; fails with the script's output if it does not within `timeoutMs`, or if npm exits first. */
export async function waitUntilServing(script: NpmScript, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (script.npm.exitCode !== null) throw new Error(`npm exited (${script.npm.exitCode}) before ${url} answered:\n${script.output()}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${script.output()}`);
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
}

/** Every process on the machine, from /proc (Linux). */
function processes(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readStat(Number(name));
    if (info) list.push(info);
  }
  return list;
}

function readStat(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between the listing and the read
  }
  // The command name sits in parentheses and may hold spaces; the fields after it are fixed.
  const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(ppid), state };
}

/** The pids of `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const all = processes();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const p of all) if (p.ppid === tree[i]) tree.push(p.pid);
  return tree;
}

/** The pids among `pids` still running (a zombie has exited and only waits to be reaped). */
export function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    const info = readStat(pid);
    return info !== undefined && info.state !== 'Z';
  });
}

export async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = alive(pids);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = alive(pids);
  }
  return left;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** True when this process can listen on `port` again, i.e. whoever held it has let it go. */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) {
    server.close();
    await once(server, 'close');
  }
  return bound;
}

/** Last resort after a failed assertion: no process of the tree is left behind for the next test. */
export function killAll(pids: number[]): void {
  for (const pid of alive(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * The scenario of a process manager stopping the mall: runs `npm <args>` until `port` serves /readyz, checks the
 * tree holds at least `minProcesses` (npm and what it started), sends SIGTERM to npm alone, and asserts every
 * process of the tree exits within 30 s and the port is free again. Whatever is left is killed afterwards.
 */
export async function expectSigtermToNpmStopsAll(
  args: string[],
  opts: { port: number; env: Record<string, string>; minProcesses: number },
): Promise<void> {
  const script = startNpmScript(args, { ...opts.env, PORT: String(opts.port) });
  let tree: number[] = [];
  try {
    await waitUntilServing(script, `http://127.0.0.1:${opts.port}/readyz`, 120_000);
    tree = processTree(script.npm.pid!);
    assert.ok(tree.length >= opts.minProcesses, `at least ${opts.minProcesses} processes under npm, found ${tree.join(', ')}`);
    script.npm.kill('SIGTERM');
    const left = await waitForExit(tree, 30_000);
    assert.deepEqual(left, [], `still running 30 s after SIGTERM to npm:\n${script.output()}`);
    assert.ok(await portIsFree(opts.port), `port ${opts.port} is still held`);
  } finally {
    killAll(alive(tree.length ? tree : [script.npm.pid!]));
  }
}
