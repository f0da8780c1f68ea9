// The gateway's tests on the platform's test kit: a real identity and gateway instances inside the test process
// (real PostgreSQL, Redis, NATS and etcd) or both all-in-one, and a small HTTP client that calls the gateway as a browser would.
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { Pool } from 'undici';
import type { RunningInstance } from '@mall/platform/runtime';
import { startEmbedded, startInstance, testServers, type EmbeddedHost } from '@mall/platform/testkit';
import gateway from '../src/service.ts';
import identity from '../../identity/src/service.ts';

export { testServers as serverEnv };

export function startIdentity(): Promise<RunningInstance> {
  return startInstance(identity, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
}

/** The all-in-one host (PGlite in a temporary folder, in-process calls) with identity and the gateway on one public port. */
export function startAllInOne(): Promise<EmbeddedHost> {
  return startEmbedded([identity, gateway]);
}

/** A gateway that finds identity through the etcd registry, or through `staticServices` when given. */
export function startGateway(staticServices?: string): Promise<RunningInstance> {
  return startInstance(gateway, { env: staticServices ? { MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: staticServices } : {} });
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
export function allInOneForSuite(): { readonly host: EmbeddedHost; readonly browser: Browser } {
  const state: { host?: EmbeddedHost; browser?: Browser } = {};
  before(async () => {
    state.host = await startAllInOne();
    state.browser = new Browser(state.host.url);
  });
  after(async () => {
    await state.browser?.close();
    await state.host?.shutdown('test over');
  });
  return {
    get host(): EmbeddedHost {
      if (!state.host) throw new Error('the all-in-one host is not started yet');
      return state.host;
    },
    get browser(): Browser {
      if (!state.browser) throw new Error('the all-in-one host is not started yet');
      return state.browser;
    },
  };
}
