// Rate limits at the edge: per address before the token is checked (floods cost no signature work),
// then per user and over all callers; a refusal is 429 RATE_LIMITED with a Retry-After header. When
// authentication will cost no signature check, the address limits are counted with the user limits, in one
// round trip to the store instead of two.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MallError } from '@mall/contracts';
import { retryAfterSeconds, type RateLimiter, type RateLimits } from '@mall/platform/ratelimit';
import type { ServiceContext } from '@mall/platform/runtime';
import { principalOf } from './authentication.ts';
import type { GatewayConfig } from './config.ts';
import type { Limit, RateLimitsConfig } from './rate-limit-config.ts';
import { noteJudgement } from './rate-limit-headers.ts';

const PREFIX = 'mall:gateway:rate';

interface Check {
  /** Names the limit in the refusal, so a client (and the logs) can tell which one it hit. */
  name: string;
  limiter: RateLimiter;
  key: string;
}

/** The limiters of one configuration; a change builds a new set (counters stay where the store keeps them). */
class LimiterSet {
  readonly global: RateLimiter;
  readonly perIp: RateLimiter;
  readonly perUser: RateLimiter;
  readonly routes = new Map<string, { total?: RateLimiter; perIp?: RateLimiter; perUser?: RateLimiter }>();

  constructor(
    store: RateLimits,
    readonly config: RateLimitsConfig,
  ) {
    const make = (name: string, limit: Limit): RateLimiter =>
      store.limiter({
        prefix: `${PREFIX}:${name}`,
        points: limit.points,
        durationSeconds: limit.durationSeconds,
        algorithm: 'token-bucket',
      });
    this.global = make('global', config.global);
    this.perIp = make('ip', config.perIp);
    this.perUser = make('user', config.perUser);
    for (const [route, limits] of Object.entries(config.routes)) {
      this.routes.set(route, {
        ...(limits.total ? { total: make(`route:${route}:total`, limits.total) } : {}),
        ...(limits.perIp ? { perIp: make(`route:${route}:ip`, limits.perIp) } : {}),
        ...(limits.perUser ? { perUser: make(`route:${route}:user`, limits.perUser) } : {}),
      });
    }
  }
}

/**
 * Whether authenticating a request will cost no signature check: no token on a public route, or a token verified
 * before and still valid. Such a request cannot be a flood of forged tokens, so its address limits may wait.
 */
export type CheapToAuthenticate = (request: FastifyRequest) => boolean;

// Requests whose address limits wait for the hook after authentication; dropped with the request.
const addressChecksDeferred = new WeakSet<FastifyRequest>();

export class EdgeRateLimits {
  private limiters: LimiterSet;

  constructor(
    private readonly store: RateLimits,
    config: RateLimitsConfig,
    private readonly cheapToAuthenticate: CheapToAuthenticate = () => false,
  ) {
    this.limiters = new LimiterSet(store, config);
  }

  /** Hot reload: later requests count against the new limits. */
  configure(config: RateLimitsConfig): void {
    this.limiters = new LimiterSet(this.store, config);
  }

  /**
   * onRequest hook, before authentication: the address limits, general and of the route; deferred to the next
   * hook when authentication is cheap (so a request refused by RBAC with a valid token is not counted per address).
   */
  readonly beforeAuthentication = async (request: FastifyRequest): Promise<void> => {
    const set = this.limiters;
    const route = routeOf(request);
    if (!set.config.enabled || route === undefined) return;
    if (this.cheapToAuthenticate(request)) {
      addressChecksDeferred.add(request);
      return;
    }
    await this.enforce(request, addressChecks(set, route, request));
  };

  /** onRequest hook, after authentication: the address limits if deferred, the user's, then the route's total and the global one. */
  readonly afterAuthentication = async (request: FastifyRequest): Promise<void> => {
    const set = this.limiters;
    const route = routeOf(request);
    if (!set.config.enabled || route === undefined) return;
    const userId = principalOf(request)?.userId;
    const own = set.routes.get(route);
    const checks: Check[] = addressChecksDeferred.has(request) ? addressChecks(set, route, request) : [];
    if (userId !== undefined) checks.push({ name: 'perUser', limiter: set.perUser, key: userId });
    if (userId !== undefined && own?.perUser) checks.push({ name: `${route} perUser`, limiter: own.perUser, key: userId });
    // The shared budgets come last, so that a caller refused above does not use them up for everybody.
    if (own?.total) checks.push({ name: `${route} total`, limiter: own.total, key: 'all' });
    checks.push({ name: 'global', limiter: set.global, key: 'all' });
    await this.enforce(request, checks);
  };

  /** Counts the checks in order, in one call to the store (one Redis round trip), up to the first refusal. */
  private async enforce(request: FastifyRequest, checks: Check[]): Promise<void> {
    if (checks.length === 0) return;
    const decisions = await this.store.consumeInOrder(checks);
    noteJudgement(request, checks, decisions);
    const refused = decisions.findIndex((d) => !d.allowed);
    if (refused < 0) return;
    const check = checks[refused]!;
    throw new MallError('RATE_LIMITED', `too many requests (${check.name} limit); retry later`, {
      details: { limit: check.name, retryAfterSeconds: retryAfterSeconds(decisions[refused]!.retryAfterMs) },
    });
  }
}

/** The address limits of a request: the general one, then its route's. */
function addressChecks(set: LimiterSet, route: string, request: FastifyRequest): Check[] {
  const checks: Check[] = [{ name: 'perIp', limiter: set.perIp, key: request.ip }];
  const own = set.routes.get(route);
  if (own?.perIp) checks.push({ name: `${route} perIp`, limiter: own.perIp, key: request.ip });
  return checks;
}

/** The limits of the current configuration, rebuilt on every accepted change, counted in the service's ctx.rateLimits. */
export function liveRateLimits(ctx: ServiceContext<GatewayConfig>, cheapToAuthenticate: CheapToAuthenticate): EdgeRateLimits {
  const limits = new EdgeRateLimits(ctx.rateLimits, ctx.config.current.rateLimits, cheapToAuthenticate);
  ctx.config.watch(
    (config) => config.rateLimits,
    (rateLimits) => {
      limits.configure(rateLimits);
      ctx.log.info({ rateLimits }, 'rate limits changed');
    },
  );
  return limits;
}

/** onError hook: every RATE_LIMITED answer (ours or a service's, e.g. identity's login lockout) carries Retry-After. */
export async function retryAfterHeader(_request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<void> {
  if (!(error instanceof MallError) || error.code !== 'RATE_LIMITED') return;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  reply.header('retry-after', String(typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 ? seconds : 1));
}

function routeOf(request: FastifyRequest): string | undefined {
  const url = request.routeOptions.url;
  // Fastify answers HEAD with the GET route, so HEAD counts as GET.
  return url === undefined ? undefined : `${request.method === 'HEAD' ? 'GET' : request.method} ${url}`;
}
