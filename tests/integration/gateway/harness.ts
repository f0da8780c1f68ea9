// Starts a real identity instance and gateway instances inside the test process (real PostgreSQL,
// Redis, NATS and etcd), and a small HTTP client that calls the gateway the way a browser would.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Pool } from 'undici';
import type { ServiceDefinition } from '@mall/platform/runtime';
import { readSettings, runAllInOne, runInstance, type RunningHost, type RunningInstance } from '@mall/platform/runtime';
import gateway from '../../../services/gateway/src/service.ts';
import identity from '../../../services/identity/src/service.ts';
import { serverEnv } from '../../fixture/harness.ts';

export { serverEnv };

function settings(service: string, extra: Record<string, string> = {}) {
  return readSettings({ ...process.env, ...serverEnv, MALL_MODE: 'real', PORT: '0', MALL_INSTANCE_ID: `${service}-gwtest-${process.pid}-${randomUUID().slice(0, 8)}`, ...extra });
}

async function identityService(): Promise<ServiceDefinition> {
  return identity as ServiceDefinition;
}

export async function startIdentity(): Promise<RunningInstance> {
  return runInstance(await identityService(), settings('identity', { MALL_POSTGRES_POOL_SIZE: '4' }));
}

/** The all-in-one host (PGlite, in-process calls) with identity and the gateway on one public port. */
export async function startAllInOne(dataDir: string): Promise<RunningHost> {
  const env = { MALL_MODE: 'embedded', PORT: '0', MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: process.env.MALL_LOG_LEVEL ?? 'silent' };
  return runAllInOne([await identityService(), gateway as ServiceDefinition], readSettings(env));
}

/** A gateway that finds identity through the etcd registry, or through `staticServices` when given. */
export async function startGateway(staticServices?: string): Promise<RunningInstance> {
  const extra: Record<string, string> = staticServices ? { MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: staticServices } : {};
  return runInstance(gateway as ServiceDefinition, settings('gateway', extra));
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read JSON of many shapes
}

export interface CallOptions {
  body?: unknown;
  /** Sent as it is, with content-type application/json. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export class Browser {
  private readonly pool: Pool;

  /**
   * Each browser calls from a loopback address of its own (default: a fresh `uniqueLoopbackIp()`), so what the
   * gateway and identity count per address (rate limits, the 20-failed-logins lockout) is this browser's alone,
   * not the sum of every test run on the machine within the window.
   */
  constructor(url: string, opts: { sourceIp?: string } = {}) {
    this.pool = new Pool(url, { connections: 4, localAddress: opts.sourceIp ?? uniqueLoopbackIp() });
  }

  async call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    const res = await this.pool.request({ method, path, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.body.text();
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, headers: res.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A random address in 127.253.0.0/16 (Linux routes all of 127/8 to lo): a fresh client address per call, outside
 * 127.0.0.1 and outside the 127.2-249.x.0/24 blocks rbac.test.ts denies.
 */
export function uniqueLoopbackIp(): string {
  const byte = (): number => 1 + Math.floor(Math.random() * 254);
  return `127.253.${byte()}.${byte()}`;
}

/** Unique per run and per call, so reruns on the same database never collide with leftovers. */
export function uniqueEmail(label: string): string {
  return `gw-${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@test.mall`;
}

/** The all-in-one host (PGlite in a temporary folder) for the enclosing suite, and a browser on its public port. */
export function allInOneForSuite(label: string): { readonly host: RunningHost; readonly browser: Browser } {
  const state: { host?: RunningHost; browser?: Browser } = {};
  const dataDir = mkdtempSync(join(tmpdir(), `mall-${label}-`));
  before(async () => {
    state.host = await startAllInOne(dataDir);
    state.browser = new Browser(state.host.url);
  });
  after(async () => {
    await state.browser?.close();
    await state.host?.shutdown('test over');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get host(): RunningHost {
      if (!state.host) throw new Error('the all-in-one host is not started yet');
      return state.host;
    },
    get browser(): Browser {
      if (!state.browser) throw new Error('the all-in-one host is not started yet');
      return state.browser;
    },
  };
}
