// The back-office half of identity's contract: roles, permissions, bans and IP rules as operators change
// them, the policy snapshot the gateways poll, and the events every change publishes (the audit trail).
import { Type } from 'typebox';
import { defineEvent } from './define.ts';
import { Count, Email, Empty, HttpMethodOrAny, strict, Timestamp, Uuid } from './primitives.ts';

/** A role's name; identity.ts uses it too (it spreads this file into its contract, so the shape lives here). */
export const RoleName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_-]*$' });
export const Nickname = Type.String({ minLength: 1, maxLength: 40 });
/** The roles one user holds, and the roles one role inherits. */
export const RoleNames = Type.Array(RoleName, { maxItems: 20 });

/** `key`: a Casbin keyMatch2 path (`/api/orders/:id`, `/api/me/*`); `regex`: a regular expression matched against the whole path. */
export const PermissionKind = Type.Union([Type.Literal('key'), Type.Literal('regex')]);
/** The service checks the pattern itself (a valid, anchored regex or an absolute key path) and answers INVALID_PERMISSION. */
const Pattern = Type.String({ minLength: 1, maxLength: 200 });
export const Permission = Type.Object(
  {
    role: RoleName,
    pattern: Pattern,
    kind: PermissionKind,
    methods: Type.Array(HttpMethodOrAny, { minItems: 1, maxItems: 6, uniqueItems: true }),
  },
  strict,
);
const PermissionRef = Type.Object({ role: RoleName, pattern: Pattern, kind: PermissionKind }, strict);
export const Role = Type.Object({ name: RoleName, description: Type.String({ maxLength: 200 }), inherits: RoleNames }, strict);
/** An IPv4 or IPv6 address, or a CIDR block (`10.0.0.0/8`); the service validates and normalises it. */
export const Cidr = Type.String({ minLength: 2, maxLength: 50, pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' });
export const IpAction = Type.Union([Type.Literal('deny'), Type.Literal('allow')]);
const IpRule = Type.Object({ cidr: Cidr, action: IpAction, reason: Type.String({ maxLength: 200 }), createdAt: Timestamp });
const Reason = Type.String({ minLength: 1, maxLength: 200 });
const Ban = Type.Object({ userId: Uuid, reason: Reason, expiresAt: Type.Union([Timestamp, Type.Null()]), bannedAt: Timestamp });
const AdminUser = Type.Object({
  id: Uuid,
  email: Email,
  nickname: Type.Union([Nickname, Type.Null()]),
  roles: RoleNames,
  ban: Type.Union([Type.Object({ reason: Reason, expiresAt: Type.Union([Timestamp, Type.Null()]) }), Type.Null()]),
  createdAt: Timestamp,
});
const Version = Count;
/** Read, not written, by the service (which answers INVALID_EXPIRY): a schema format would refuse it before the rule could. */
const ExpiresAt = Type.String({ minLength: 1, maxLength: 40, description: 'an ISO 8601 date-time in the future' });

/** Bounds of the lists the back office reads whole; a mall's policy stays far below them. */
export const MAX_ROLES = 200;
export const MAX_PERMISSIONS = 2000;
export const MAX_IP_RULES = 10_000;

export const PolicySnapshot = Type.Object({
  version: Version,
  /** True when `sinceVersion` is still current: nothing else is sent. */
  unchanged: Type.Optional(Type.Boolean()),
  roles: Type.Optional(Type.Array(Role)),
  permissions: Type.Optional(Type.Array(Permission)),
  /** Bans in force; an expired one is left out, and a gateway drops one when its expiresAt passes. */
  bans: Type.Optional(Type.Array(Type.Object({ userId: Uuid, expiresAt: Type.Union([Timestamp, Type.Null()]) }))),
  ipRules: Type.Optional(Type.Array(Type.Object({ cidr: Cidr, action: IpAction }))),
});

const Changed = Type.Object({ version: Version });

/** Method specs spread into IdentityContract; every change bumps the policy version and publishes an event. */
export const identityAdminMethods = {
  policySnapshot: {
    summary:
      'Roles, permissions, bans in force and IP rules at one version; `unchanged` when sinceVersion is current. Read by every gateway at start, on each policy event it hears, and by its safety-net poll.',
    input: Type.Object({ sinceVersion: Type.Optional(Version) }, strict),
    output: PolicySnapshot,
    idempotent: true,
  },
  createRole: {
    summary: 'Creates a role, optionally inheriting the permissions of others.',
    input: Type.Object(
      { name: RoleName, description: Type.Optional(Role.properties.description), inherits: Type.Optional(Role.properties.inherits) },
      strict,
    ),
    output: Type.Object({ role: Role, version: Version }),
    errors: { ROLE_EXISTS: 409, UNKNOWN_ROLE: 400 },
    idempotent: false,
  },
  grantPermission: {
    summary:
      'Lets a role call the methods on paths matching the pattern; granting the same (role, pattern, kind) again replaces its methods.',
    input: Permission,
    output: Changed,
    errors: { UNKNOWN_ROLE: 400, INVALID_PERMISSION: 400 },
    idempotent: true,
  },
  revokePermission: {
    summary: 'Removes a permission; an absent one is not an error (removed: false).',
    input: PermissionRef,
    output: Type.Object({ removed: Type.Boolean(), version: Version }),
    idempotent: true,
  },
  setUserRoles: {
    summary: 'Replaces the roles a user holds; tokens issued later carry them. The last admin keeps the admin role.',
    input: Type.Object({ userId: Uuid, roles: Type.Array(RoleName, { maxItems: 20, uniqueItems: true }) }, strict),
    output: Type.Object({ roles: RoleNames, version: Version }),
    errors: { UNKNOWN_ROLE: 400, LAST_ADMIN: 409 },
    idempotent: true,
  },
  listUsers: {
    summary: 'Users by email or nickname fragment (case-insensitive), newest first, with roles and ban.',
    input: Type.Object(
      {
        search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
      },
      strict,
    ),
    output: Type.Object({ users: Type.Array(AdminUser, { maxItems: 100 }), total: Count }),
    idempotent: true,
  },
  banUser: {
    summary: 'Bans a user, with a reason and an optional expiry; banning again replaces reason and expiry.',
    input: Type.Object({ userId: Uuid, reason: Reason, expiresAt: Type.Optional(ExpiresAt) }, strict),
    output: Type.Object({ ban: Ban, version: Version }),
    errors: { INVALID_EXPIRY: 400 },
    idempotent: true,
  },
  unbanUser: {
    summary: 'Lifts a ban; a user not banned is not an error (lifted: false).',
    input: Type.Object({ userId: Uuid }, strict),
    output: Type.Object({ lifted: Type.Boolean(), version: Version }),
    idempotent: true,
  },
  listIpRules: {
    input: Empty,
    output: Type.Object({ rules: Type.Array(IpRule, { maxItems: MAX_IP_RULES }) }),
    idempotent: true,
  },
  addIpRule: {
    summary:
      'Denies or allows an address or CIDR block (an allow rule is an exception inside denied blocks); the same block again replaces its action.',
    input: Type.Object({ cidr: Cidr, action: IpAction, reason: Type.Optional(Type.String({ maxLength: 200 })) }, strict),
    output: Type.Object({ rule: IpRule, version: Version }),
    errors: { INVALID_CIDR: 400 },
    idempotent: true,
  },
  removeIpRule: {
    summary: 'Removes the rule of a block; an absent one is not an error (removed: false).',
    input: Type.Object({ cidr: Cidr }, strict),
    output: Type.Object({ removed: Type.Boolean(), version: Version }),
    errors: { INVALID_CIDR: 400 },
    idempotent: true,
  },
} as const;

export const PermissionChanged = defineEvent({
  subject: 'identity.permission-changed',
  version: 1,
  payload: Type.Object({
    policyVersion: Version,
    change: Type.Union([
      Type.Literal('role-created'),
      Type.Literal('permission-granted'),
      Type.Literal('permission-revoked'),
      Type.Literal('user-roles-set'),
    ]),
    role: Type.Optional(RoleName),
    pattern: Type.Optional(Pattern),
    kind: Type.Optional(PermissionKind),
    methods: Type.Optional(Type.Array(HttpMethodOrAny)),
    userId: Type.Optional(Uuid),
    roles: Type.Optional(Type.Array(RoleName)),
  }),
});

export const UserBanned = defineEvent({
  subject: 'identity.user-banned',
  version: 1,
  payload: Type.Object({ policyVersion: Version, userId: Uuid, reason: Type.String(), expiresAt: Type.Union([Timestamp, Type.Null()]) }),
});

export const UserUnbanned = defineEvent({
  subject: 'identity.user-unbanned',
  version: 1,
  payload: Type.Object({ policyVersion: Version, userId: Uuid }),
});

export const IpRuleChanged = defineEvent({
  subject: 'identity.ip-rule-changed',
  version: 1,
  payload: Type.Object({
    policyVersion: Version,
    change: Type.Union([Type.Literal('added'), Type.Literal('removed')]),
    cidr: Cidr,
    action: Type.Optional(IpAction),
  }),
});
