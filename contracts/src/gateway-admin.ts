// The back-office routes of the gateway under /api/admin: users (search, ban, unban, roles), roles,
// permissions and IP rules. Each is one identity call; the gateway's Casbin policy decides who may call it.
import { Type } from 'typebox';
import { defineErrors } from './errors.ts';
import { defineRoute } from './http.ts';
import { strict } from './primitives.ts';
import { IdentityContract } from './identity.ts';

const identity = IdentityContract.methods;

/** The gateway's own refusals (its Authorizer's): an address denied by the IP rules, a banned account. */
export const GatewayErrors = defineErrors({ USER_BANNED: 403, IP_DENIED: 403 });

/** Signed in, allowed by RBAC, not banned, from an address that is not denied; the service behind may be down. */
export const backOffice = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ...GatewayErrors.codes,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

const UserId = Type.Object({ id: identity.banUser.input.properties.userId }, strict);
const ban = identity.banUser.input.properties;
const permission = identity.grantPermission.input.properties;
const ipRule = identity.addIpRule.input.properties;
const createRole = identity.createRole.input.properties;

// Query strings are text and the gateway never coerces types: numbers are declared as digit strings.
const UserQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
    offset: Type.Optional(Type.String({ maxLength: 6, pattern: '^[0-9]{1,6}$' })),
  },
  strict,
);

export const adminRoutes = {
  users: defineRoute({
    method: 'GET',
    path: '/api/admin/users',
    summary: 'Users, newest first; `search` matches a fragment of email or nickname. At most 100 per page.',
    tags: ['admin'],
    public: false,
    query: UserQuery,
    responses: { 200: identity.listUsers.output },
    errors: backOffice,
  }),
  banUser: defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/ban',
    summary: 'Bans a user (reason, optional future expiry); every gateway refuses their requests within a second.',
    tags: ['admin'],
    public: false,
    params: UserId,
    body: Type.Object({ reason: ban.reason, expiresAt: ban.expiresAt }, strict),
    responses: { 200: identity.banUser.output },
    errors: { ...backOffice, NOT_FOUND: 404, INVALID_EXPIRY: 400 },
  }),
  unbanUser: defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/unban',
    summary: 'Lifts a ban; a user not banned answers lifted: false.',
    tags: ['admin'],
    public: false,
    params: UserId,
    responses: { 200: identity.unbanUser.output },
    errors: backOffice,
  }),
  setUserRoles: defineRoute({
    method: 'PUT',
    path: '/api/admin/users/:id/roles',
    summary: 'Replaces the roles of a user; tokens issued from now on carry them. The last admin keeps the admin role.',
    tags: ['admin'],
    public: false,
    params: UserId,
    body: Type.Object({ roles: identity.setUserRoles.input.properties.roles }, strict),
    responses: { 200: identity.setUserRoles.output },
    errors: { ...backOffice, NOT_FOUND: 404, UNKNOWN_ROLE: 400, LAST_ADMIN: 409 },
  }),
  roles: defineRoute({
    method: 'GET',
    path: '/api/admin/roles',
    summary: 'Every role with the roles it inherits.',
    tags: ['admin'],
    public: false,
    responses: { 200: identity.listRoles.output },
    errors: backOffice,
  }),
  createRole: defineRoute({
    method: 'POST',
    path: '/api/admin/roles',
    summary: 'Creates a role, optionally inheriting others.',
    tags: ['admin'],
    public: false,
    body: Type.Object({ name: createRole.name, description: createRole.description, inherits: createRole.inherits }, strict),
    responses: { 201: identity.createRole.output },
    errors: { ...backOffice, ROLE_EXISTS: 409, UNKNOWN_ROLE: 400 },
  }),
  permissions: defineRoute({
    method: 'GET',
    path: '/api/admin/permissions',
    summary: 'Every (role, pattern, kind, methods) rule.',
    tags: ['admin'],
    public: false,
    responses: { 200: identity.listPermissions.output },
    errors: backOffice,
  }),
  grantPermission: defineRoute({
    method: 'POST',
    path: '/api/admin/permissions',
    summary:
      'Grants a role some methods on paths matching a pattern (`key`: keyMatch2 path, `regex`: anchored regular expression); granting it again replaces the methods.',
    tags: ['admin'],
    public: false,
    body: Type.Object({ role: permission.role, pattern: permission.pattern, kind: permission.kind, methods: permission.methods }, strict),
    responses: { 200: identity.grantPermission.output },
    errors: { ...backOffice, UNKNOWN_ROLE: 400, INVALID_PERMISSION: 400 },
  }),
  revokePermission: defineRoute({
    method: 'DELETE',
    path: '/api/admin/permissions',
    summary: 'Revokes a permission, named in the query string; every gateway stops honouring it within a second.',
    tags: ['admin'],
    public: false,
    query: Type.Object({ role: permission.role, pattern: permission.pattern, kind: permission.kind }, strict),
    responses: { 200: identity.revokePermission.output },
    errors: backOffice,
  }),
  ipRules: defineRoute({
    method: 'GET',
    path: '/api/admin/ip-rules',
    summary: 'Denied and allowed addresses and CIDR blocks.',
    tags: ['admin'],
    public: false,
    responses: { 200: identity.listIpRules.output },
    errors: backOffice,
  }),
  addIpRule: defineRoute({
    method: 'POST',
    path: '/api/admin/ip-rules',
    summary:
      'Denies or allows an address or CIDR block (allow carves exceptions out of denied blocks); a denied address gets 403 IP_DENIED on every gateway within a second.',
    tags: ['admin'],
    public: false,
    body: Type.Object({ cidr: ipRule.cidr, action: ipRule.action, reason: ipRule.reason }, strict),
    responses: { 200: identity.addIpRule.output },
    errors: { ...backOffice, INVALID_CIDR: 400 },
  }),
  removeIpRule: defineRoute({
    method: 'DELETE',
    path: '/api/admin/ip-rules',
    summary: 'Removes the rule of a block, named in the query string (`?cidr=10.0.0.0/8`).',
    tags: ['admin'],
    public: false,
    query: Type.Object({ cidr: identity.removeIpRule.input.properties.cidr }, strict),
    responses: { 200: identity.removeIpRule.output },
    errors: { ...backOffice, INVALID_CIDR: 400 },
  }),
};
