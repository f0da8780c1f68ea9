// The gateway's rate limits as configuration (group `rateLimits` of the gateway config, hot-reloaded):
// global, per client address, per signed-in user, and tighter limits for named routes.
import { Type, type Static } from 'typebox';
import { strict } from '@mall/contracts';

/** `points` requests per `durationSeconds` window. */
export const Limit = Type.Object(
  {
    points: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    durationSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  },
  strict,
);
export type Limit = Static<typeof Limit>;

/** Limits of one route, on top of the general ones: over all callers, per address, per user. */
export const RouteLimits = Type.Object({ total: Type.Optional(Limit), perIp: Type.Optional(Limit), perUser: Type.Optional(Limit) }, strict);
export type RouteLimits = Static<typeof RouteLimits>;

/** "METHOD /api/path" exactly as the route is declared in contracts/src/gateway.ts (`:id` segments included). */
export const ROUTE_KEY_PATTERN = '^(GET|POST|PUT|PATCH|DELETE) /api/\\S*$';

export const RateLimitsConfig = Type.Object(
  {
    /** Off: no request is counted (a bench of the bare edge, a trusted network). */
    enabled: Type.Boolean({ default: true }),
    /** Every /api request through every gateway instance. */
    global: Type.Object(Limit.properties, { ...strict, default: { points: 2000, durationSeconds: 1 } }),
    /** Per client address (the TCP peer: no proxy headers are trusted). */
    perIp: Type.Object(Limit.properties, { ...strict, default: { points: 100, durationSeconds: 1 } }),
    /** Per user of a verified access token. */
    perUser: Type.Object(Limit.properties, { ...strict, default: { points: 100, durationSeconds: 1 } }),
    /** Tighter limits of named routes; the flash-sale grab has its own by default (a buyer cannot fire faster than this). */
    routes: Type.Record(Type.String({ pattern: ROUTE_KEY_PATTERN, maxLength: 300 }), RouteLimits, {
      ...strict,
      default: { 'POST /api/seckill/grab': { perUser: { points: 5, durationSeconds: 1 } } },
    }),
  },
  strict,
);
export type RateLimitsConfig = Static<typeof RateLimitsConfig>;
