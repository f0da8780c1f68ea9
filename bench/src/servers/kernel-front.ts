// The front of the kernel hop: GET /kernel calls the backend through the typed kernel client
// (static registry, HttpTransport), with tracing started as in every kernel process.
import Fastify from 'fastify';
import { startTracing } from '@mall/platform/observability';
import { createRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport } from '@mall/platform/rpc';
import { benchEchoContract, EchoOutput, echoPayload } from '../contract.ts';
import { backendUrl, listenAndAnnounce } from './lifecycle.ts';

// Diagnostic toggle, never a reported default, to price the client spans: BENCH_FRONT_TRACING=0 leaves tracing
// unstarted (the API's no-op spans; the call scope still rides in the async context the platform installs).
const tracing = process.env.BENCH_FRONT_TRACING === '0' ? undefined : await startTracing({ service: 'benchfront' });
const registry = await createRegistry('static', { services: { benchecho: [backendUrl()] } });
const transport = await HttpTransport.connect('benchecho', registry);
const echo = createClient(benchEchoContract, transport);

const app = Fastify({ logger: false });
app.get('/kernel', { schema: { response: { 200: EchoOutput } } }, () => echo.echo(echoPayload));
await listenAndAnnounce(app, 'kernel-front', async () => {
  await transport.close();
  await registry.close();
  await tracing?.shutdown();
});
