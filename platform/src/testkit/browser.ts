// A small HTTP client that calls the mall's public port as a browser would (JSON in and out, a Bearer token),
// each from a loopback address of its own; and unique emails, so reruns on one database never collide.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';

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
  return `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@test.mall`;
}
