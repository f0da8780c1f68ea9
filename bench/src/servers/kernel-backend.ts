// The backend of the kernel hop: a real kernel instance (real mode, static registry) serving the
// bench contract, so its server path — validation, call scope, spans, metrics — is the product's.
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
