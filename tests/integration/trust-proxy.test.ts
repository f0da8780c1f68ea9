// The client address behind a proxy: X-Forwarded-For sets request.ip only when it comes from a proxy the
// settings trust (MALL_TRUST_PROXY); from anybody else it is the caller's claim and changes nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { createLogger, Health } from '@mall/platform/observability';
import { createHttpApp } from '@mall/platform/runtime';

const apps: FastifyInstance[] = [];
const pools: Pool[] = [];

after(async () => {
  for (const pool of pools) await pool.close();
  for (const app of apps) await app.close();
});

/** An app that answers the address it sees, reached from the loopback source `from`. */
async function addressSeen(trustProxy: boolean | string[] | undefined, from: string, forwardedFor?: string): Promise<string> {
  const app = await createHttpApp({
    service: 'proxytest',
    health: new Health(),
    log: createLogger({ service: 'proxytest', level: 'silent' }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
  });
  app.get('/whoami', async (request) => ({ ip: request.ip }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  apps.push(app);
  const pool = new Pool(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, { localAddress: from });
  pools.push(pool);
  const res = await pool.request({ path: '/whoami', method: 'GET', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  return ((await res.body.json()) as { ip: string }).ip;
}

test('by default X-Forwarded-For is ignored: a caller cannot choose the address it is counted and judged under', async () => {
  assert.equal(await addressSeen(undefined, '127.0.0.1', '203.0.113.7'), '127.0.0.1');
});

test('from a trusted proxy the forwarded client address counts; the same header from elsewhere does not', async () => {
  assert.equal(await addressSeen(['127.0.0.1'], '127.0.0.1', '203.0.113.7'), '203.0.113.7');
  // A chain: only the entries added by trusted proxies are believed, so the client's own claim stops at the first untrusted hop.
  assert.equal(await addressSeen(['127.0.0.1', '10.0.0.0/8'], '127.0.0.1', '198.51.100.9, 203.0.113.7, 10.1.2.3'), '203.0.113.7');
  assert.equal(await addressSeen(['127.0.0.1'], '127.0.0.2', '203.0.113.7'), '127.0.0.2');
});
