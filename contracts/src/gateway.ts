// The gateway's public routes. The probes stand today; the storefront and back-office routes are
// added here by the issues that build them.
import { Type } from 'typebox';
import { defineRoute, type RouteDef } from './http.ts';

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()), ms: Type.Number() });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  ok: Type.Boolean(),
  draining: Type.Boolean(),
  checks: Type.Record(Type.String(), Check),
});

export const gatewayRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    public: true,
    responses: { 200: Type.Object({ status: Type.Literal('ok') }) },
  }),
  defineRoute({
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: the servers this process uses are reachable, and it is not draining',
    tags: ['operations'],
    public: true,
    responses: {
      200: Readiness,
      503: Readiness,
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics in the text exposition format',
    tags: ['operations'],
    public: true,
    responses: { 200: Type.String() },
  }),
];
