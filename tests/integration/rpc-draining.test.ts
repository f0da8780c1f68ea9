// An instance that is shutting down answers a plain 503 (Fastify while it closes), not the Mall error shape:
// the call never ran there, so the client takes it elsewhere, even a call that is not idempotent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport } from '@mall/platform/rpc';
import { FixtureContract } from '../fixture/contract.ts';

const servers: Server[] = [];
let transport: HttpTransport;
let registry: StaticRegistry;
const hits = { draining: 0, healthy: 0 };

async function serve(answer: (path: string) => { status: number; body: unknown }, counter: keyof typeof hits): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits[counter] += 1;
      const { status, body } = answer(req.url ?? '');
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

before(async () => {
  // What Fastify answers with return503OnClosing: its own shape, not { error: { code, message } }.
  const draining = await serve(
    () => ({
      status: 503,
      body: { statusCode: 503, code: 'FST_ERR_SERVER_CLOSING', error: 'Service Unavailable', message: 'Service Unavailable' },
    }),
    'draining',
  );
  const healthy = await serve(
    (path) => ({ status: 200, body: path.endsWith('/echo') ? { text: 'ok', instance: 'healthy' } : {} }),
    'healthy',
  );
  registry = new StaticRegistry({ fixture: [draining, healthy] });
  transport = await HttpTransport.connect('fixture', registry, { healthIntervalMs: 0 });
});

after(async () => {
  await transport.close();
  await registry.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

test('calls that meet a draining instance are answered by another one, idempotent or not', async () => {
  const client = createClient(FixtureContract, transport, { timeoutMs: 2000 });
  for (let i = 0; i < 6; i++) {
    assert.deepEqual(await client.echo({ text: 'x' }), { text: 'ok', instance: 'healthy' });
    assert.deepEqual(await client.crash({}), {});
  }
  assert.ok(hits.draining > 0, 'the draining instance was tried');
  assert.equal(hits.healthy, 12, 'every call was answered by the healthy instance');
});
