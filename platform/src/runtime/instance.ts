// One service instance in cluster mode: real servers, its own HTTP server, registered in the
// registry with a lease, and a graceful shutdown on SIGTERM (drain, deregister, finish in-flight calls, close).
import type { AddressInfo } from 'node:net';
import { createLogger, Health, startTracing } from '../observability/index.ts';
import { serveContract } from '../rpc/index.ts';
import type { ServiceDefinition } from './define.ts';
import { createHttpApp } from './http-app.ts';
import { openInfrastructure } from './infrastructure.ts';
import { defaultInstanceId, readSettings, type KernelSettings } from './settings.ts';
import { startService } from './start-service.ts';

export interface RunningInstance {
  url: string;
  instanceId: string;
  shutdown(reason: string): Promise<void>;
}

export async function runInstance(
  def: ServiceDefinition,
  settings: KernelSettings = readSettings(process.env, { mode: 'real', port: 0 }),
): Promise<RunningInstance> {
  const instanceId = settings.instanceId ?? defaultInstanceId(def.name);
  const log = createLogger({ service: def.name, instance: instanceId, level: settings.logLevel });
  const tracing = await startTracing({ service: def.name, instance: instanceId, otlpEndpoint: settings.otlpEndpoint });
  const infra = await openInfrastructure(settings);
  const health = new Health();
  const started = await startService(def, infra, { instanceId, health, log });
  // Every instance talks to etcd (config, registry) and Redis (kv, locks): readiness says when it cannot.
  health.addReadiness('etcd', async () => void (await infra.configCenter.get('global')));
  health.addReadiness('redis', async () => void (await started.context.kv.exists('readyz')));
  const app = await createHttpApp({
    service: def.name,
    health,
    log,
    trustProxy: settings.trustProxy,
    ...(def.rpcBodyLimitBytes ? { bodyLimit: def.rpcBodyLimitBytes } : {}),
  });
  if (started.bound) serveContract(app, started.bound);
  await started.mountHttp(app);
  await app.listen({ host: settings.host, port: settings.port });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${settings.advertiseHost}:${port}`;
  const registration = started.bound ? await infra.registry.register({ service: def.name, id: instanceId, url }) : undefined;
  log.info({ url }, 'instance ready');
  announceReady(url, instanceId);

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      const force = setTimeout(() => {
        log.error('shutdown took too long; exiting');
        process.exit(1);
      }, settings.shutdownTimeoutMs);
      force.unref();
      health.setDraining();
      await registration?.close();
      await app.close();
      await started.stop();
      await infra.close();
      await tracing.shutdown();
      // The forced exit guards this shutdown only: a process that stopped its instance and goes on
      // (a test file running its next suite) must not be killed by it later.
      clearTimeout(force);
      log.info('stopped');
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  return { url, instanceId, shutdown };
}

/** Tells a launching parent (the cluster launcher) over IPC that this instance serves, whatever the log level. */
function announceReady(url: string, instanceId: string): void {
  if (!process.send) return;
  process.send({ type: 'instance-ready', url, instanceId });
  // The channel must not keep the instance alive once it is told to stop.
  process.channel?.unref();
}
