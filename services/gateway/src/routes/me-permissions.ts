// GET /api/me/permissions: what the signed-in user's roles allow right now, route by route, decided by the same
// RBAC policy that guards the routes. The back office builds its menu and actions from it; the API still refuses the rest.
import { gatewayRoutes, routeKey } from '@mall/contracts';
import { meRoutes } from '@mall/contracts/gateway';
import { MallError } from '@mall/contracts';
import { principalOf } from '../authentication.ts';
import type { AccessPolicy } from '../domain/access-policy.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';

const protectedRoutes = gatewayRoutes.filter((route) => !route.public && route.path.startsWith('/api/'));

/** The protected routes the roles may call under this policy version (a route any signed-in user may call included). */
export function allowedRoutes(policy: AccessPolicy, roles: readonly string[]): string[] {
  return protectedRoutes.filter((route) => route.anyRole === true || policy.rbac.allows(roles, route.path, route.method)).map(routeKey);
}

export function mePermissionsHandlers(policy: () => AccessPolicy | undefined): EdgeHandlers {
  return edgeHandlers(
    handle(meRoutes.permissions, async (request) => {
      const principal = principalOf(request);
      if (!principal) throw new MallError('UNAUTHORIZED', 'sign in first: this needs a Bearer access token');
      const current = policy();
      if (!current) throw new MallError('UNAVAILABLE', 'the access policy is not loaded yet');
      return { roles: principal.roles, routes: allowedRoutes(current, principal.roles) };
    }),
  );
}
