// The gateway's configuration (hot-reloaded; env MALL_GATEWAY_<SETTING>, config center key `gateway`):
// which routes are public, how often the token keys may be refetched, and how long a request may take.
import { Type, type Static } from 'typebox';
import { gatewayRoutes } from '@mall/contracts/gateway';
import { RateLimitsConfig } from './rate-limit-config.ts';
import { ROUTE_PATTERN } from './domain/whitelist.ts';

/** Public by default: the routes the contracts mark public, the landing page, and the API docs. */
export const defaultPublicRoutes: readonly string[] = [
  ...gatewayRoutes.filter((route) => route.public).map((route) => `${route.method} ${route.path}`),
  'GET /',
  'GET /api/docs*',
];

export const GatewayConfig = Type.Object(
  {
    /** "METHOD /path" patterns reachable without a token (METHOD may be *; `:name` is one segment, `*` any rest). */
    publicRoutes: Type.Array(Type.String({ pattern: ROUTE_PATTERN, maxLength: 300 }), { default: [...defaultPublicRoutes], maxItems: 500 }),
    /** An unknown key id refetches the JWKS from identity, at most this often, so forged kids cannot hammer it. */
    jwksRefetchIntervalMs: Type.Integer({ default: 5000, minimum: 100, maximum: 3_600_000 }),
    /** Deadline of one /api request, shared by every downstream call it makes. */
    requestTimeoutMs: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
    /** Requests allowed globally, per address, per user and per route (see rate-limit-config.ts); over them: 429 with Retry-After. */
    rateLimits: RateLimitsConfig,
    /**
     * How often each instance asks identity whether the RBAC policy, bans or IP rules changed. identity's events
     * apply a change at once; this poll is the safety net for events missed while NATS was away.
     */
    policyPollIntervalMs: Type.Integer({ default: 5000, minimum: 50, maximum: 60_000 }),
    /** Origins (`https://shop.example.com`) whose pages may call the API from another site; none by default (the apps are same-origin). */
    corsOrigins: Type.Array(Type.String({ pattern: '^https?://[^/\\s]+$', maxLength: 200 }), { default: [], maxItems: 100 }),
    /** Send Strict-Transport-Security on every answer; without it only answers to a request that came over TLS (MALL_TRUST_PROXY's X-Forwarded-Proto) carry it. */
    hsts: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export type GatewayConfig = Static<typeof GatewayConfig>;
