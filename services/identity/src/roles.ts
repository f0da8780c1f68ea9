// The RBAC policy in identity's database: the default roles and permissions seeded at start,
// the roles a user holds, and the policy as the gateway loads it.
import { and, asc, eq } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import type { Orm, ServiceDb } from '@mall/platform/db';
import { assertValidPolicy, DEFAULT_PERMISSIONS, DEFAULT_ROLES, Roles, type HttpMethod, type PatternKind, type RoleSpec } from './domain/rbac.ts';
import { permissions, roleInherits, roles, userRoles, users } from './schema.ts';

/** Adds the default roles and permissions that are missing; never overwrites what operators changed. */
export async function seedDefaultPolicy(db: ServiceDb): Promise<void> {
  assertValidPolicy(DEFAULT_ROLES, DEFAULT_PERMISSIONS);
  await db.transaction(async (tx) => {
    await tx.orm.insert(roles).values(DEFAULT_ROLES.map(({ name, description }) => ({ name, description }))).onConflictDoNothing();
    const inherits = DEFAULT_ROLES.flatMap((r) => r.inherits.map((parent) => ({ role: r.name, inherits: parent })));
    if (inherits.length > 0) await tx.orm.insert(roleInherits).values(inherits).onConflictDoNothing();
    await tx.orm.insert(permissions).values(DEFAULT_PERMISSIONS.map((p) => ({ ...p, methods: [...p.methods] }))).onConflictDoNothing();
  });
}

export async function rolesOf(orm: Orm, userId: string): Promise<string[]> {
  const rows = await orm.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).orderBy(asc(userRoles.role));
  return rows.map((r) => r.role);
}

export async function grantRole(orm: Orm, userId: string, role: string): Promise<void> {
  await orm.insert(userRoles).values({ userId, role }).onConflictDoNothing();
}

/** The back-office grant: checks the user and the role exist, then answers the roles now held. */
export async function grantRoleToUser(db: ServiceDb, userId: string, role: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    await assertUserExists(tx.orm, userId);
    const [known] = await tx.orm.select({ name: roles.name }).from(roles).where(eq(roles.name, role));
    if (!known) throw new MallError('UNKNOWN_ROLE', `there is no role "${role}"`);
    await grantRole(tx.orm, userId, role);
    return rolesOf(tx.orm, userId);
  });
}

/** Takes a role away, refusing to leave the shop without an admin. */
export async function revokeRoleFromUser(db: ServiceDb, userId: string, role: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    await assertUserExists(tx.orm, userId);
    if (role === Roles.admin) {
      // Locking every admin grant serialises concurrent revocations, so two cannot each remove "the other" last admin.
      const admins = await tx.orm.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, Roles.admin)).for('update');
      if (admins.length === 1 && admins[0]?.userId === userId) throw new MallError('LAST_ADMIN', 'the last admin cannot lose the admin role');
    }
    await tx.orm.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)));
    return rolesOf(tx.orm, userId);
  });
}

async function assertUserExists(orm: Orm, userId: string): Promise<void> {
  const [user] = await orm.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('share');
  if (!user) throw new MallError('NOT_FOUND', 'no such user');
}

export async function listRoles(db: ServiceDb): Promise<RoleSpec[]> {
  const [all, links] = await Promise.all([
    db.orm.select().from(roles).orderBy(asc(roles.name)),
    db.orm.select().from(roleInherits).orderBy(asc(roleInherits.inherits)),
  ]);
  return all.map((r) => ({ name: r.name, description: r.description, inherits: links.filter((l) => l.role === r.name).map((l) => l.inherits) }));
}

export async function listPermissions(db: ServiceDb): Promise<Array<{ role: string; pattern: string; kind: PatternKind; methods: HttpMethod[] }>> {
  const rows = await db.orm.select().from(permissions).orderBy(asc(permissions.role), asc(permissions.pattern));
  return rows.map((p) => ({ role: p.role, pattern: p.pattern, kind: p.kind as PatternKind, methods: p.methods as HttpMethod[] }));
}
