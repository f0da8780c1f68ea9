// The front of the raw hop: GET /raw makes one keep-alive undici Pool.request to the raw backend
// and returns its JSON — the best a hand-written hop does, without discovery, deadlines or traces.
import Fastify from 'fastify';
import { Pool } from 'undici';
import { EchoOutput, echoPayload } from '../contract.ts';
import { backendUrl, listenAndAnnounce } from './lifecycle.ts';

// As many connections as the kernel's HttpTransport opens per instance by default, so both hops queue alike.
const pool = new Pool(backendUrl(), { connections: 32, keepAliveTimeout: 30_000 });
const payload = JSON.stringify(echoPayload);

const app = Fastify({ logger: false });
app.get('/raw', { schema: { response: { 200: EchoOutput } } }, async () => {
  const response = await pool.request({ path: '/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  if (response.statusCode !== 200) throw new Error(`raw backend answered ${response.statusCode}: ${await response.body.text()}`);
  return response.body.json();
});
await listenAndAnnounce(app, 'raw-front', () => pool.close());
