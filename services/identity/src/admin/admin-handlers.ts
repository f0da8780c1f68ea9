// Identity's back-office RPC handlers (roles, permissions, users, bans, IP rules, the policy snapshot),
// kept apart from the account handlers and spread into them by handlers.ts.
import type { identityAdminMethods, IdentityContract } from '@mall/contracts/identity';
import type { Handlers } from '@mall/platform/rpc';
import type { ServiceContext } from '@mall/platform/runtime';
import { Bans } from './bans.ts';
import { IpRules } from './ip-rules.ts';
import { policySnapshot } from './policy-snapshot.ts';
import { RoleAdmin } from './role-admin.ts';
import { listUsers } from './user-directory.ts';

/** The admin methods, and the older single-role grant and revoke, which now also bump the version and publish. */
type AdminHandlers = Pick<Handlers<typeof IdentityContract>, keyof typeof identityAdminMethods | 'grantRole' | 'revokeRole'>;

export function adminHandlers(ctx: Pick<ServiceContext, 'db' | 'bus'>): AdminHandlers {
  const roles = new RoleAdmin(ctx.db, ctx.bus);
  const bans = new Bans(ctx.db, ctx.bus);
  const ipRules = new IpRules(ctx.db, ctx.bus);
  return {
    policySnapshot: ({ sinceVersion }) => policySnapshot(ctx.db, sinceVersion),
    createRole: (input) => roles.createRole(input),
    grantPermission: (input) => roles.grantPermission(input),
    revokePermission: (input) => roles.revokePermission(input),
    setUserRoles: (input) => roles.setUserRoles(input),
    grantRole: async ({ userId, role }) => ({ roles: (await roles.grantRole(userId, role)).roles }),
    revokeRole: async ({ userId, role }) => ({ roles: (await roles.revokeRole(userId, role)).roles }),
    listUsers: (input) => listUsers(ctx.db, input),
    banUser: (input) => bans.ban(input),
    unbanUser: ({ userId }) => bans.unban(userId),
    listIpRules: async () => ({ rules: await ipRules.list() }),
    addIpRule: (input) => ipRules.add(input),
    removeIpRule: (input) => ipRules.remove(input),
  };
}
