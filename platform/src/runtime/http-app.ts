// The Fastify app every process serves: one error shape, request ids, traces, metrics and the
// probes (/healthz, /readyz, /metrics). Body size is bounded; JSON types are never coerced.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { observabilityPlugin, type Health, type Logger } from '../observability/index.ts';
import { installErrorShape } from '../rpc/index.ts';

export async function createHttpApp(opts: { service: string; health: Health; log: Logger; bodyLimit?: number }): Promise<FastifyInstance> {
  // Typed as the default instance: services see a plain FastifyInstance whatever logger it carries.
  const app = Fastify({
    loggerInstance: opts.log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }) as unknown as FastifyInstance;
  installErrorShape(app);
  await app.register(observabilityPlugin({ service: opts.service, health: opts.health }));
  return app;
}
