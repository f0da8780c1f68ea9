// The RBAC policy in identity's database: the default roles and permissions seeded at start,
// the roles a user holds, and the policy as the gateway loads it.
import { asc, eq } from 'drizzle-orm';
import type { Orm, ServiceDb } from '@mall/platform/db';
import { assertValidPolicy, DEFAULT_PERMISSIONS, DEFAULT_ROLES, type HttpMethod, type PatternKind, type RoleSpec } from './domain/rbac.ts';
import { bumpPolicyVersion } from './admin/policy-version.ts';
import { permissions, roleInherits, roles, userRoles } from './schema.ts';

/** Adds the default roles and permissions that are missing; never overwrites what operators changed. */
export async function seedDefaultPolicy(db: ServiceDb): Promise<void> {
  assertValidPolicy(DEFAULT_ROLES, DEFAULT_PERMISSIONS);
  await db.transaction(async (tx) => {
    await tx.orm
      .insert(roles)
      .values(DEFAULT_ROLES.map(({ name, description }) => ({ name, description })))
      .onConflictDoNothing();
    const inherits = DEFAULT_ROLES.flatMap((r) => r.inherits.map((parent) => ({ role: r.name, inherits: parent })));
    if (inherits.length > 0) await tx.orm.insert(roleInherits).values(inherits).onConflictDoNothing();
    const added = await tx.orm
      .insert(permissions)
      .values(DEFAULT_PERMISSIONS.map((p) => ({ ...p, methods: [...p.methods] })))
      .onConflictDoNothing()
      .returning({ id: permissions.id });
    // Gateways reload on a new version only: a default added by an upgrade must bump it.
    if (added.length > 0) await bumpPolicyVersion(tx);
  });
}

export async function rolesOf(orm: Orm, userId: string): Promise<string[]> {
  const rows = await orm.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).orderBy(asc(userRoles.role));
  return rows.map((r) => r.role);
}

export async function grantRole(orm: Orm, userId: string, role: string): Promise<void> {
  await orm.insert(userRoles).values({ userId, role }).onConflictDoNothing();
}

export async function listRoles(db: ServiceDb): Promise<RoleSpec[]> {
  const [all, links] = await Promise.all([
    db.orm.select().from(roles).orderBy(asc(roles.name)),
    db.orm.select().from(roleInherits).orderBy(asc(roleInherits.inherits)),
  ]);
  return all.map((r) => ({
    name: r.name,
    description: r.description,
    inherits: links.filter((l) => l.role === r.name).map((l) => l.inherits),
  }));
}

export async function listPermissions(
  db: ServiceDb,
): Promise<Array<{ role: string; pattern: string; kind: PatternKind; methods: HttpMethod[] }>> {
  const rows = await db.orm.select().from(permissions).orderBy(asc(permissions.role), asc(permissions.pattern));
  return rows.map((p) => ({ role: p.role, pattern: p.pattern, kind: p.kind as PatternKind, methods: p.methods as HttpMethod[] }));
}
