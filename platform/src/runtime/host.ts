// The all-in-one host: every service in one process on the embedded adapters, RPC calls made in
// process through the same validation, and the edge services' routes on one public port.
import type { AddressInfo } from 'node:net';
import { createLogger, Health, startTracing } from '../observability/index.ts';
import type { ServiceDefinition } from './define.ts';
import { createHttpApp } from './http-app.ts';
import { openInfrastructure } from './infrastructure.ts';
import { readSettings, type KernelSettings } from './settings.ts';
import { startService, type StartedService } from './start-service.ts';

export interface RunningHost {
  url: string;
  services: StartedService[];
  shutdown(reason: string): Promise<void>;
}

export async function runAllInOne(definitions: ServiceDefinition[], settings: KernelSettings = readSettings(process.env, { mode: 'embedded', port: 3000 })): Promise<RunningHost> {
  const instanceId = settings.instanceId ?? 'all-in-one';
  const log = createLogger({ service: 'mall', instance: instanceId, level: settings.logLevel });
  const tracing = await startTracing({ service: 'mall', instance: instanceId, otlpEndpoint: settings.otlpEndpoint });
  const infra = await openInfrastructure(settings);
  const health = new Health();
  const services: StartedService[] = [];
  // Dependencies first: a service's clients need the services it calls to be hosted already.
  for (const def of definitions) {
    const started = await startService(def, infra, { instanceId, health, log: log.child({ service: def.name }) });
    if (started.bound) infra.directory.add(started.bound);
    services.push(started);
  }
  const app = await createHttpApp({ service: 'gateway', health, log });
  for (const s of services) if (s.definition.http) await s.definition.http(app, s.context as never);
  await app.listen({ host: settings.host, port: settings.port });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      health.setDraining();
      await app.close();
      for (const s of [...services].reverse()) {
        if (s.bound) infra.directory.remove(s.bound.service);
        await s.stop();
      }
      await infra.close();
      await tracing.shutdown();
    })());
  return { url, services, shutdown };
}
