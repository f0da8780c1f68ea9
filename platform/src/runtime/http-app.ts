// The Fastify app every process serves: one error shape, request ids, traces, metrics and the
// probes (/healthz, /readyz, /metrics). Body size is bounded; JSON types are never coerced.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { observabilityPlugin, type Health, type Logger } from '../observability/index.ts';
import { installErrorShape, RpcFastPath } from '../rpc/index.ts';
import { LazyRequestLogger } from './request-logger.ts';

export interface HttpAppOptions {
  service: string;
  health: Health;
  log: Logger;
  bodyLimit?: number;
  /** Whose X-Forwarded-For sets request.ip (MALL_TRUST_PROXY); default: nobody's. */
  trustProxy?: boolean | string[];
}

export async function createHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const bodyLimit = opts.bodyLimit ?? 1024 * 1024;
  const fastPath = new RpcFastPath({ service: opts.service, bodyLimit, log: opts.log });
  // Typed as the default instance: services see a plain FastifyInstance whatever logger it carries.
  const app = Fastify({
    serverFactory: (handler, options) => fastPath.server(handler, options),
    loggerInstance: opts.log,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, options) => new LazyRequestLogger(logger, bindings, options),
    bodyLimit,
    trustProxy: opts.trustProxy ?? false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }) as unknown as FastifyInstance;
  fastPath.attach(app);
  installErrorShape(app);
  await app.register(observabilityPlugin({ service: opts.service, health: opts.health }));
  return app;
}
