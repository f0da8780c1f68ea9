// /api/admin: the back office's users, roles, permissions and IP rules, each one identity call. Who may
// call them is decided before the handler runs (the Authorizer's Casbin check); bad input never reaches identity.
import { adminRoutes } from '@mall/contracts/gateway';
import type { IdentityContract, IdentityInput } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { edgeHandlers, handle, type EdgeHandlers, type EdgeRequest } from './edge-handler.ts';

export function adminHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return edgeHandlers(
    handle(adminRoutes.users, (request) => identity.listUsers(userQuery(request.query))),
    handle(adminRoutes.banUser, (request) => identity.banUser({ ...request.body, userId: request.params.id })),
    handle(adminRoutes.unbanUser, (request) => identity.unbanUser({ userId: request.params.id })),
    handle(adminRoutes.setUserRoles, (request) => identity.setUserRoles({ userId: request.params.id, roles: request.body.roles })),
    handle(adminRoutes.roles, () => identity.listRoles({})),
    handle(adminRoutes.createRole, (request) => identity.createRole(request.body)),
    handle(adminRoutes.permissions, () => identity.listPermissions({})),
    handle(adminRoutes.grantPermission, (request) => identity.grantPermission(request.body)),
    handle(adminRoutes.revokePermission, (request) => identity.revokePermission({ ...request.query })),
    handle(adminRoutes.ipRules, () => identity.listIpRules({})),
    handle(adminRoutes.addIpRule, (request) => identity.addIpRule(request.body)),
    handle(adminRoutes.removeIpRule, (request) => identity.removeIpRule({ cidr: request.query.cidr })),
  );
}

/** The validated query (digit strings, see the route's schema) as identity's typed input. */
function userQuery(query: EdgeRequest<typeof adminRoutes.users>['query']): IdentityInput<'listUsers'> {
  return {
    ...(query.search !== undefined ? { search: query.search } : {}),
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
  };
}
