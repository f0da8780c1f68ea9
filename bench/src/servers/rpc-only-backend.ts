// Diagnostic backend for the kernel hop (BENCH_KERNEL_BACKEND=rpc-only): the kernel's RPC binding
// (validation, call scope, error mapping) on a plain Fastify, without the instance's observability
// plugin or tracing, to tell the cost of the RPC layer from that of request ids, spans and metrics.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { bindService, serveContract } from '@mall/platform/rpc';
import { benchEchoContract } from '../contract.ts';
import { listenAndAnnounce } from './lifecycle.ts';

const instanceId = `rpc-only-${process.pid}`;
const bound = bindService(
  benchEchoContract,
  { echo: async (input, ctx) => ({ text: input.text, instance: ctx.instanceId }) },
  { instanceId, onUnexpectedError: (err) => console.error(err) },
);

const app = Fastify({ logger: false, genReqId: () => randomUUID() });
serveContract(app, bound);
// The kernel client's active health check takes an instance out of rotation unless /healthz answers 200.
app.get('/healthz', async () => ({ status: 'ok' }));
await listenAndAnnounce(app, 'rpc-only-backend');
