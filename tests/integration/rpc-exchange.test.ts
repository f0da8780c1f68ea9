// The HTTP exchange under the RPC client: one POST through an undici pool, answered with its status and its whole
// body, whatever the server does on the wire (many chunks, an error status, a cut connection, no answer at all).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { exchange, PRECISE_DEADLINE_BELOW_MS } from '../../platform/src/rpc/exchange.ts';

const big = 'x'.repeat(1024 * 1024);
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  '/echo': (req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ body, asked: req.headers['x-asked'] }));
  },
  '/big': (_req, res) => {
    // Written in 64 KiB pieces, so the client reads the body in many chunks.
    res.writeHead(200, { 'content-type': 'application/json' });
    const text = JSON.stringify({ big });
    for (let i = 0; i < text.length; i += 65_536) res.write(text.slice(i, i + 65_536));
    res.end();
  },
  '/refuse': (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"UNAVAILABLE","message":"busy"}}');
  },
  '/cut': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => req.socket.destroy(), 20);
  },
  '/silent': () => {
    // Never answers: the caller's timeout is the only way out.
    silentCalls += 1;
  },
  '/stall': (_req, res) => {
    // Starts the answer and never ends it.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
  },
};
let silentCalls = 0;

describe('RPC HTTP exchange', () => {
  let server: Server;
  let pool: Pool;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => routes[req.url ?? '']?.(req, res, body));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
  });

  after(async () => {
    await pool.destroy();
    server.closeAllConnections();
    server.close();
  });

  const post = (path: string, timeoutMs = 2000) =>
    exchange(pool, { path, headers: { 'content-type': 'application/json', 'x-asked': 'yes' }, body: '{"a":1}', timeoutMs });

  test('the request goes out with its headers and body, and the answer comes back whole', async () => {
    const answer = await post('/echo');
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(JSON.parse(answer.body.toString()), { body: '{"a":1}', asked: 'yes' });
  });

  test('a body read in many chunks is gathered into one buffer', async () => {
    const answer = await post('/big');
    assert.equal(answer.statusCode, 200);
    assert.equal((JSON.parse(answer.body.toString()) as { big: string }).big.length, big.length);
  });

  test('an error status is an answer, with its body', async () => {
    const answer = await post('/refuse');
    assert.equal(answer.statusCode, 503);
    assert.equal((JSON.parse(answer.body.toString()) as { error: { code: string } }).error.code, 'UNAVAILABLE');
  });

  test('a connection cut in the middle of the body is an error, not a short answer', async () => {
    await assert.rejects(post('/cut'), (err: Error & { code?: string }) => err.code === 'UND_ERR_SOCKET');
  });

  test('a server that never answers is given up at the deadline, which a short one meets to the millisecond', async () => {
    let started = Date.now();
    await assert.rejects(post('/silent', 200), (err: Error & { code?: string }) => err.code === 'UND_ERR_HEADERS_TIMEOUT');
    const waited = Date.now() - started;
    assert.ok(waited >= 190 && waited < 450, `gave up after ${waited} ms`);
    // A long deadline is undici's own timer, whose ticks of about half a second make it coarse.
    started = Date.now();
    await assert.rejects(
      post('/silent', PRECISE_DEADLINE_BELOW_MS),
      (err: Error & { code?: string }) => err.code === 'UND_ERR_HEADERS_TIMEOUT',
    );
    assert.ok(Date.now() - started >= PRECISE_DEADLINE_BELOW_MS - 10, 'not before its deadline');
  });

  test('an answer that stalls in its body is given up at the deadline', async () => {
    const started = Date.now();
    await assert.rejects(post('/stall', 300), (err: Error & { code?: string }) => err.code === 'UND_ERR_BODY_TIMEOUT');
    const waited = Date.now() - started;
    assert.ok(waited >= 290 && waited < 600, `gave up after ${waited} ms`);
  });

  test('a call whose deadline passes while it waits for a connection fails then and is never sent', async () => {
    const single = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
    try {
      const before = silentCalls;
      const first = exchange(single, { path: '/silent', headers: {}, body: '{}', timeoutMs: 600 });
      const started = Date.now();
      const queued = exchange(single, { path: '/silent', headers: {}, body: '{}', timeoutMs: 150 });
      await assert.rejects(queued, (err: Error & { code?: string }) => err.code === 'UND_ERR_HEADERS_TIMEOUT');
      assert.ok(Date.now() - started < 400, 'the queued call failed at its own deadline');
      await assert.rejects(first, (err: Error & { code?: string }) => err.code === 'UND_ERR_HEADERS_TIMEOUT');
      // The queued call got its turn on the connection once the first was given up: aborted, not written.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(silentCalls - before, 1);
    } finally {
      await single.destroy();
    }
  });

  test('a pool already closed refuses the call with an error', async () => {
    const closed = new Pool('http://127.0.0.1:1');
    await closed.close();
    await assert.rejects(
      exchange(closed, { path: '/echo', headers: {}, body: '{}', timeoutMs: 500 }),
      (err: Error & { code?: string }) => err.code === 'UND_ERR_DESTROYED',
    );
  });
});
