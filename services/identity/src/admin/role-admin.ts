// Back-office changes to roles and permissions: each runs in one transaction that also bumps the
// policy version and publishes identity.permission-changed, so gateways and the audit trail both see it.
import { and, eq, inArray } from 'drizzle-orm';
import { fieldRefused, MallError } from '@mall/contracts';
import { type IdentityInput, PermissionChanged } from '@mall/contracts/identity';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Bus } from '@mall/platform/bus';
import { permissionProblem, Roles, type RoleSpec } from '../domain/rbac.ts';
import { rolesOf } from '../roles.ts';
import { permissions, roleInherits, roles, userRoles, users } from '../schema.ts';
import { bumpPolicyVersion, currentPolicyVersion } from './policy-version.ts';

export class RoleAdmin {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
  ) {}

  async createRole(input: IdentityInput<'createRole'>): Promise<{ role: RoleSpec; version: number }> {
    const role: RoleSpec = { name: input.name, description: input.description ?? '', inherits: [...new Set(input.inherits ?? [])] };
    return this.db.transaction(async (tx) => {
      await assertRolesExist(tx, role.inherits);
      const inserted = await tx.orm
        .insert(roles)
        .values({ name: role.name, description: role.description })
        .onConflictDoNothing()
        .returning({ name: roles.name });
      if (inserted.length === 0) throw new MallError('ROLE_EXISTS', `there is already a role "${role.name}"`);
      // A new role has no children yet, so its parents cannot form a cycle through it.
      if (role.inherits.length > 0)
        await tx.orm.insert(roleInherits).values(role.inherits.map((parent) => ({ role: role.name, inherits: parent })));
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, PermissionChanged, {
        policyVersion: version,
        change: 'role-created',
        role: role.name,
        roles: role.inherits,
      });
      return { role, version };
    });
  }

  async grantPermission(input: IdentityInput<'grantPermission'>): Promise<{ version: number }> {
    const problem = permissionProblem(input);
    if (problem) throw fieldRefused('INVALID_PERMISSION', { path: '/pattern', message: problem });
    return this.db.transaction(async (tx) => {
      await assertRolesExist(tx, [input.role]);
      const methods = [...input.methods];
      await tx.orm
        .insert(permissions)
        .values({ role: input.role, pattern: input.pattern, kind: input.kind, methods })
        .onConflictDoUpdate({ target: [permissions.role, permissions.pattern, permissions.kind], set: { methods } });
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, PermissionChanged, {
        policyVersion: version,
        change: 'permission-granted',
        role: input.role,
        pattern: input.pattern,
        kind: input.kind,
        methods,
      });
      return { version };
    });
  }

  async revokePermission(input: IdentityInput<'revokePermission'>): Promise<{ removed: boolean; version: number }> {
    return this.db.transaction(async (tx) => {
      const match = and(eq(permissions.role, input.role), eq(permissions.pattern, input.pattern), eq(permissions.kind, input.kind));
      const removed = await tx.orm.delete(permissions).where(match).returning({ id: permissions.id });
      if (removed.length === 0) return { removed: false, version: await currentPolicyVersion(tx) };
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, PermissionChanged, {
        policyVersion: version,
        change: 'permission-revoked',
        role: input.role,
        pattern: input.pattern,
        kind: input.kind,
      });
      return { removed: true, version };
    });
  }

  /** Replaces a user's roles; refuses to take the admin role from the last admin. */
  setUserRoles(input: IdentityInput<'setUserRoles'>): Promise<{ roles: string[]; version: number }> {
    return this.changeUserRoles(input.userId, () => input.roles);
  }

  /** Adds one role to those a user holds; already held changes nothing. */
  grantRole(userId: string, role: string): Promise<{ roles: string[]; version: number }> {
    return this.changeUserRoles(userId, (held) => [...held, role]);
  }

  /** Takes one role away; not held changes nothing, and the last admin keeps the admin role. */
  revokeRole(userId: string, role: string): Promise<{ roles: string[]; version: number }> {
    return this.changeUserRoles(userId, (held) => held.filter((r) => r !== role));
  }

  /** One transaction: the user row locked, the new set checked and written, the version bumped and the event published, unless nothing changes. */
  private changeUserRoles(userId: string, next: (held: string[]) => readonly string[]): Promise<{ roles: string[]; version: number }> {
    return this.db.transaction(async (tx) => {
      const [user] = await tx.orm.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
      if (!user) throw new MallError('NOT_FOUND', 'no such user');
      const held = await rolesOf(tx.orm, userId);
      const wanted = [...new Set(next(held))].sort();
      if (wanted.join() === held.join()) return { roles: held, version: await currentPolicyVersion(tx) };
      await assertRolesExist(tx, wanted);
      if (!wanted.includes(Roles.admin)) await assertNotLastAdmin(tx, userId);
      await tx.orm.delete(userRoles).where(eq(userRoles.userId, userId));
      if (wanted.length > 0) await tx.orm.insert(userRoles).values(wanted.map((role) => ({ userId, role })));
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, PermissionChanged, { policyVersion: version, change: 'user-roles-set', userId, roles: wanted });
      return { roles: wanted, version };
    });
  }
}

async function assertRolesExist(tx: Tx, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const found = await tx.orm
    .select({ name: roles.name })
    .from(roles)
    .where(inArray(roles.name, [...names]));
  const known = new Set(found.map((r) => r.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new MallError('UNKNOWN_ROLE', `there is no role ${unknown.map((n) => `"${n}"`).join(', ')}`);
}

async function assertNotLastAdmin(tx: Tx, userId: string): Promise<void> {
  // Locking every admin grant serialises concurrent changes, so two cannot each remove "the other" last admin.
  const admins = await tx.orm.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, Roles.admin)).for('update');
  if (admins.length === 1 && admins[0]?.userId === userId) throw new MallError('LAST_ADMIN', 'the last admin cannot lose the admin role');
}
