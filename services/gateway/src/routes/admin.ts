// /api/admin: the back office's users, roles, permissions and IP rules, each one identity call. Who may
// call them is decided before the handler runs (the Authorizer's Casbin check); bad input never reaches identity.
import type { FastifyRequest } from 'fastify';
import type { IdentityContract, IdentityInput } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { EdgeHandlers } from './edge-handler.ts';

type BanBody = Omit<IdentityInput<'banUser'>, 'userId'>;
type UserQuery = { search?: string; limit?: string; offset?: string };

const userIdOfPath = (request: FastifyRequest): string => (request.params as { id: string }).id;

export function adminHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return {
    'GET /api/admin/users': async (request) => ({ status: 200, body: await identity.listUsers(userQuery(request.query as UserQuery)) }),
    'POST /api/admin/users/:id/ban': async (request) => ({
      status: 200,
      body: await identity.banUser({ ...(request.body as BanBody), userId: userIdOfPath(request) }),
    }),
    'POST /api/admin/users/:id/unban': async (request) => ({ status: 200, body: await identity.unbanUser({ userId: userIdOfPath(request) }) }),
    'PUT /api/admin/users/:id/roles': async (request) => ({
      status: 200,
      body: await identity.setUserRoles({ userId: userIdOfPath(request), roles: (request.body as { roles: string[] }).roles }),
    }),
    'GET /api/admin/roles': async () => ({ status: 200, body: await identity.listRoles({}) }),
    'POST /api/admin/roles': async (request) => ({ status: 201, body: await identity.createRole(request.body as IdentityInput<'createRole'>) }),
    'GET /api/admin/permissions': async () => ({ status: 200, body: await identity.listPermissions({}) }),
    'POST /api/admin/permissions': async (request) => ({ status: 200, body: await identity.grantPermission(request.body as IdentityInput<'grantPermission'>) }),
    'DELETE /api/admin/permissions': async (request) => ({
      status: 200,
      body: await identity.revokePermission({ ...(request.query as IdentityInput<'revokePermission'>) }),
    }),
    'GET /api/admin/ip-rules': async () => ({ status: 200, body: await identity.listIpRules({}) }),
    'POST /api/admin/ip-rules': async (request) => ({ status: 200, body: await identity.addIpRule(request.body as IdentityInput<'addIpRule'>) }),
    'DELETE /api/admin/ip-rules': async (request) => ({ status: 200, body: await identity.removeIpRule({ cidr: (request.query as { cidr: string }).cidr }) }),
  };
}

/** The validated query (digit strings, see the route's schema) as identity's typed input. */
function userQuery(query: UserQuery): IdentityInput<'listUsers'> {
  return {
    ...(query.search !== undefined ? { search: query.search } : {}),
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
  };
}
