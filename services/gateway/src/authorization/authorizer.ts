// What a caller may do, checked at the edge in a fixed order: a denied IP is refused before any other
// work; after authentication, a banned user is refused whatever their token says, then Casbin decides.
import type { FastifyRequest } from 'fastify';
import { gatewayRoutes, MallError, routeKey } from '@mall/contracts';
import { GatewayErrors } from '@mall/contracts/gateway';
import { principalOf } from '../authentication.ts';
import type { Whitelist } from '../domain/whitelist.ts';
import type { AccessPolicy } from '../domain/access-policy.ts';

/** Routes any signed-in user may call whatever their roles (their own permissions): RBAC is not asked. */
const anyRoleRoutes = new Set(gatewayRoutes.filter((route) => route.anyRole === true).map(routeKey));

export class Authorizer {
  constructor(
    private readonly policy: () => AccessPolicy | undefined,
    private readonly whitelist: () => Whitelist,
  ) {}

  /** onRequest, first of all: a denied address gets 403 IP_DENIED, on every route and before the token is looked at. */
  readonly screenAddress = async (request: FastifyRequest): Promise<void> => {
    if (this.policy()?.ipFilter.denies(request.ip)) throw GatewayErrors.error('IP_DENIED', 'requests from this address are refused');
  };

  /** onRequest, after authentication: a banned user gets 403 USER_BANNED; a protected route needs a role Casbin allows. */
  readonly checkAccess = async (request: FastifyRequest): Promise<void> => {
    const route = request.routeOptions.url;
    if (route === undefined) return; // no route: the not-found handler answers
    const principal = principalOf(request);
    const isPublic = this.whitelist().allows(request.method, route);
    const policy = this.policy();
    if (!policy) {
      if (isPublic) return;
      throw new MallError('UNAVAILABLE', 'the access policy is not loaded yet');
    }
    if (principal && policy.isBanned(principal.userId)) throw GatewayErrors.error('USER_BANNED', 'this account is banned');
    if (isPublic) return;
    if (!principal) throw new MallError('UNAUTHORIZED', 'sign in first: this needs a Bearer access token');
    if (anyRoleRoutes.has(`${request.method === 'HEAD' ? 'GET' : request.method} ${route}`)) return;
    // Matched against the route pattern (`/api/admin/users/:id/ban`), like the whitelist: an encoded URL cannot disguise it.
    if (!policy.rbac.allows(principal.roles, route, request.method))
      throw new MallError('FORBIDDEN', `your roles do not allow ${request.method} ${route}`);
  };
}
