// The all-in-one host: every service in one process on the embedded adapters, RPC calls made in
// process through the same validation, and the edge services' routes on one public port.
import type { AddressInfo } from 'node:net';
import { EmbeddedBroker } from '../bus/index.ts';
import { createLogger, Health, startTracing, type Logger } from '../observability/index.ts';
import type { ServiceDefinition } from './define.ts';
import { createHttpApp } from './http-app.ts';
import { openInfrastructure } from './infrastructure.ts';
import type { Infrastructure } from './infrastructure.ts';
import { readSettings, type KernelSettings } from './settings.ts';
import { startService, type StartedService } from './start-service.ts';

export interface RunningHost {
  url: string;
  services: StartedService[];
  shutdown(reason: string): Promise<void>;
}

export async function runAllInOne(
  definitions: ServiceDefinition[],
  settings: KernelSettings = readSettings(process.env, { mode: 'embedded', port: 3000 }),
): Promise<RunningHost> {
  const instanceId = settings.instanceId ?? 'all-in-one';
  const log = createLogger({ service: 'mall', instance: instanceId, level: settings.logLevel });
  const tracing = await startTracing({ service: 'mall', instance: instanceId, otlpEndpoint: settings.otlpEndpoint });
  const infra = await openInfrastructure(settings);
  const health = new Health();
  const services: StartedService[] = [];
  // Dependencies first: a service's clients need the services it calls to be hosted already.
  for (const def of definitions) {
    const serviceLog = createLogger({ service: def.name, instance: instanceId, level: settings.logLevel });
    const started = await startService(def, infra, { instanceId, health, log: serviceLog });
    if (started.bound) infra.directory.add(started.bound);
    services.push(started);
  }
  const app = await createHttpApp({ service: 'gateway', health, log, trustProxy: settings.trustProxy });
  for (const s of services) await s.mountHttp(app);
  await app.listen({ host: settings.host, port: settings.port });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      health.setDraining();
      await app.close();
      await drainEvents(services, infra, log, Math.floor(settings.shutdownTimeoutMs / 3));
      for (const s of [...services].reverse()) {
        if (s.bound) infra.directory.remove(s.bound.service);
        await s.stop();
      }
      await infra.close();
      await tracing.shutdown();
    })());
  return { url, services, shutdown };
}

/**
 * The in-process broker keeps messages in memory, so before the services stop, their outboxes are
 * flushed and the consumers given time to handle what was published (and what that published in turn).
 */
async function drainEvents(services: StartedService[], infra: Infrastructure, log: Logger, timeoutMs: number): Promise<void> {
  const broker = await infra.broker();
  if (!(broker instanceof EmbeddedBroker)) return;
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      services.map((s) =>
        s.flushEvents().catch((err: unknown) => log.warn({ err, service: s.definition.name }, 'outbox not flushed at shutdown')),
      ),
    );
    if (!(await broker.whenIdle(Math.max(0, deadline - Date.now())))) {
      log.warn('events still being handled at shutdown; they are lost with the in-process broker');
      return;
    }
  }
}
