// The measurement window inside a server process: the runner opens it after the warm-up and closes
// it after the measured run; the server answers with the CPU time it spent in between and, with
// BENCH_CPU_PROF set, writes a CPU profile of exactly that window (no start-up, no warm-up).
import { Session } from 'node:inspector/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WindowReport {
  type: 'window-closed';
  /** User + system CPU time of the whole process during the window, µs. */
  cpuUs: number;
  profilePath?: string;
}

type Control = { type: 'window-open' } | { type: 'window-close' };

export function serveMeasurementWindow(role: string): void {
  const profileDir = process.env.BENCH_CPU_PROF;
  const session = profileDir ? new Session() : undefined;
  session?.connect();
  let opened: NodeJS.CpuUsage | undefined;
  process.on('message', (message: Control) => {
    if (message.type === 'window-open') {
      void open(session).then(() => (opened = process.cpuUsage()), fail);
    } else if (message.type === 'window-close') {
      const used = process.cpuUsage(opened);
      void close(session, profileDir, role).then(
        (profilePath) => reply({ type: 'window-closed', cpuUs: used.user + used.system, profilePath }),
        fail,
      );
    }
  });
}

async function open(session: Session | undefined): Promise<void> {
  if (!session) return;
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

async function close(session: Session | undefined, dir: string | undefined, role: string): Promise<string | undefined> {
  if (!session || !dir) return undefined;
  const { profile } = await session.post('Profiler.stop');
  const path = join(dir, `${role}-${process.pid}.cpuprofile`);
  await mkdir(dir, { recursive: true });
  await writeFile(path, JSON.stringify(profile));
  return path;
}

function reply(report: WindowReport): void {
  process.send?.(report);
}

function fail(err: unknown): void {
  console.error(`[bench server] measurement window failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
}
