// Where tests find the real servers, and the kernel settings of a service started by a test in either
// run mode: the addresses the README documents (the `test` database by default), quiet logs, a unique instance id.
import { randomUUID } from 'node:crypto';
import { readSettings, type KernelSettings } from '../runtime/index.ts';

export type TestMode = 'real' | 'embedded';

/** The servers' addresses, from the environment or the loopback defaults; the README lists the same variables. */
export const testServers = {
  MALL_POSTGRES_URL: process.env.MALL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  MALL_REDIS_URL: process.env.MALL_REDIS_URL ?? 'redis://127.0.0.1:6379',
  MALL_NATS_URL: process.env.MALL_NATS_URL ?? 'nats://127.0.0.1:4222',
  MALL_ETCD_ENDPOINTS: process.env.MALL_ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379',
  MALL_LOG_LEVEL: process.env.MALL_LOG_LEVEL ?? 'warn',
} as const satisfies Record<string, string>;

/** Unique per process and per call, so parallel runs on the same servers never collide on names. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export interface TestSettingsOptions {
  mode: TestMode;
  /** Names the instance (`<label>-test-<pid>-<random>`); default the mode. */
  label?: string;
  /** embedded: where PGlite and the config center file live. */
  dataDir?: string;
  /** Kernel variables on top of process.env and the servers (MALL_REGISTRY, MALL_POSTGRES_POOL_SIZE…). */
  env?: Record<string, string>;
}

/** Settings of a process a test starts: a free port, the test servers, embedded adapters in `dataDir` or the real ones. */
export function testSettings(opts: TestSettingsOptions): KernelSettings {
  const embedded =
    opts.mode === 'embedded' ? { MALL_DATA_DIR: opts.dataDir ?? '', MALL_LOG_LEVEL: process.env.MALL_LOG_LEVEL ?? 'silent' } : {};
  if (opts.mode === 'embedded' && !opts.dataDir) throw new TypeError('an embedded test process needs a dataDir of its own');
  return readSettings({
    ...process.env,
    ...testServers,
    ...embedded,
    MALL_MODE: opts.mode,
    PORT: '0',
    MALL_INSTANCE_ID: `${uniqueName(`${opts.label ?? opts.mode}-test`)}`,
    ...opts.env,
  });
}
