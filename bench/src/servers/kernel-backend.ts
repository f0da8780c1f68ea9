// The backend of the kernel hop: a real kernel instance (real mode, static registry) serving the
// bench contract, so its server path — validation, call scope, spans, metrics — is the product's.
import { context, propagation, trace } from '@opentelemetry/api';
import { defineService, readSettings, runInstance } from '@mall/platform/runtime';
import { benchEchoContract } from '../contract.ts';
import { serveMeasurementWindow } from './window.ts';

const service = defineService({
  name: 'benchecho',
  contract: benchEchoContract,
  handlers: () => ({
    echo: async (input, ctx) => ({ text: input.text, instance: ctx.instanceId }),
  }),
});

serveMeasurementWindow('kernel-backend');
// runInstance reports its URL over IPC ('instance-ready') and shuts down gracefully on SIGTERM.
await runInstance(
  service,
  readSettings({ ...process.env, MALL_MODE: 'real', PORT: '0', MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: '', MALL_LOG_LEVEL: 'warn' }),
);

// Diagnostic toggles, never a reported default, to price the server span: BENCH_BACKEND_TRACING=0
// unregisters the tracer provider and context manager runInstance installed (no-op spans, no context
// propagation); =context unregisters only the provider, keeping the AsyncLocalStorage context manager.
const backendTracing = process.env.BENCH_BACKEND_TRACING;
if (backendTracing === '0' || backendTracing === 'context') {
  trace.disable();
  if (backendTracing === '0') context.disable();
  propagation.disable();
}
