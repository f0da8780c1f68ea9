// The runner's knobs, read from the environment: load shape, which targets to run, and the
// diagnostic toggles used to find where a hop spends its time.
import { resolve } from 'node:path';
import type { TargetName } from './targets.ts';

export interface BenchSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Segments each target's measured time is cut into, interleaved with the other targets'. */
  rounds: number;
  /** Targets to run, and `allinone` for the all-in-one's start and memory; a partial run prints its figures but leaves docs/benchmarks.md alone. */
  only: BenchPart[];
  /** Folder for .cpuprofile files of every server process (BENCH_CPU_PROF). */
  cpuProfDir: string | undefined;
  /** The variables set for this run, written beside the command that produced the figures. */
  overrides: string[];
}

/** A load target, or the all-in-one's time to ready and idle memory (bench/src/all-in-one.ts). */
export type BenchPart = TargetName | 'allinone';
export const benchParts: readonly BenchPart[] = ['bare', 'raw', 'kernel', 'login', 'me', 'products', 'product', 'search', 'allinone'];
const reported = [
  'BENCH_DURATION',
  'BENCH_CONNECTIONS',
  'BENCH_WARMUP',
  'BENCH_ROUNDS',
  'BENCH_ONLY',
  'BENCH_CPU_PROF',
  'BENCH_FRONT_TRACING',
  'BENCH_KERNEL_BACKEND',
];

export function readBenchSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  return {
    connections: positiveInt(env.BENCH_CONNECTIONS, 64, 'BENCH_CONNECTIONS'),
    durationS: positiveInt(env.BENCH_DURATION, 10, 'BENCH_DURATION'),
    warmupS: positiveInt(env.BENCH_WARMUP, 3, 'BENCH_WARMUP', 0),
    // A CPU profile covers one window, so profiling measures each target in one piece.
    rounds: env.BENCH_CPU_PROF ? 1 : positiveInt(env.BENCH_ROUNDS, 5, 'BENCH_ROUNDS'),
    only: targetList(env.BENCH_ONLY),
    cpuProfDir: env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : undefined,
    overrides: reported.filter((name) => env[name] !== undefined && env[name] !== '').map((name) => `${name}=${env[name]}`),
  };
}

export function positiveInt(raw: string | undefined, fallback: number, name: string, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function targetList(raw: string | undefined): BenchPart[] {
  if (raw === undefined || raw.trim() === '') return [...benchParts];
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!benchParts.includes(name as BenchPart)) throw new Error(`BENCH_ONLY: unknown target "${name}" (known: ${benchParts.join(', ')})`);
  }
  return names as BenchPart[];
}
