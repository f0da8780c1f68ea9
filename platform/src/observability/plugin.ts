// The Fastify plugin that makes an app observable: probe routes plus request ids, server spans and latency metrics.
// It skips Fastify's encapsulation so its hooks see every route of the app, wherever the routes are registered.
import type { FastifyPluginAsync } from 'fastify';
import type { Health } from './health.ts';
import { PROBE_ROUTES, registerProbeRoutes } from './probes.ts';
import { registerRequestHooks } from './request-hooks.ts';

export interface ObservabilityPluginOptions {
  /** Service label of the latency metric and mall.service of the server spans. */
  service: string;
  health: Health;
}

export function observabilityPlugin(opts: ObservabilityPluginOptions): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    registerRequestHooks(app, opts.service, PROBE_ROUTES);
    registerProbeRoutes(app, opts.health);
  };
  // Same effect as wrapping with fastify-plugin, without the dependency.
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'mall-observability',
  });
}
