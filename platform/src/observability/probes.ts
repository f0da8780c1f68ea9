// Probe routes: /healthz (liveness), /readyz (readiness, 503 when a check fails or while draining), /metrics.
// Probes log at warn level only, so orchestrator polling does not drown the request logs.
import type { FastifyInstance } from 'fastify';
import type { Health } from './health.ts';
import { metrics } from './metrics.ts';

export const PROBE_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function registerProbeRoutes(app: FastifyInstance, health: Health): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await health.ready();
    return reply.code(report.ok ? 200 : 503).send({ status: report.ok ? 'ready' : 'not ready', ...report });
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
