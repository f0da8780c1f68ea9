// Stopping and starting the local nats-server for fault tests: the process serving the configured
// port is stopped by its pid and started again with the same command line, on the same store.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { sleep, within } from './harness.ts';

const run = promisify(execFile);
const NATS_BINARY = '/usr/sbin/nats-server';
const DEFAULT_ARGS = ['-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server'];

export interface NatsProcess {
  pid: number;
  args: string[];
}

/** The nats-server listening on 127.0.0.1:4222, by pid, with its arguments. */
export async function findNats(): Promise<NatsProcess | undefined> {
  const { stdout } = await run('pgrep', ['-x', 'nats-server']).catch((err: { code?: number; stdout?: string }) => {
    if (err.code === 1) return { stdout: '' };
    throw err;
  });
  for (const pid of stdout.split('\n').filter(Boolean).map(Number)) {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).slice(1);
    const port = args[args.indexOf('-p') + 1];
    if (args.includes('-js') && port === '4222') return { pid, args };
  }
  return undefined;
}

/** Stops the server by pid and waits until the process is gone. */
export async function stopNats(nats: NatsProcess): Promise<void> {
  process.kill(nats.pid, 'SIGTERM');
  const gone = await within(10_000, async () => !(await isAlive(nats.pid)), 50);
  if (gone === undefined) throw new Error(`nats-server ${nats.pid} did not exit within 10 s`);
}

/** Starts the server (a no-op when one runs already) and waits until its port accepts connections. */
export async function startNats(args: string[] = DEFAULT_ARGS): Promise<void> {
  await run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', NATS_BINARY, '--', ...args]);
  const up = await within(10_000, () => portOpen(4222), 50);
  if (up === undefined) throw new Error('nats-server did not accept connections within 10 s of starting');
  // JetStream restores its streams just after the port opens.
  await sleep(200);
}

async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // A zombie (state Z) has exited; only its parent has not collected it yet.
  return stat !== undefined && !/^\d+ \(.*\) Z /.test(stat);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
