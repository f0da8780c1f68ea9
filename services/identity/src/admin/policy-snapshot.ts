// What a gateway loads: roles, permissions, bans in force and IP rules, all at one policy version,
// or just "unchanged" when the gateway already holds that version (the common, cheap answer).
import { asc, gt, isNull, or, sql } from 'drizzle-orm';
import type { IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { HttpMethod, PatternKind } from '../domain/rbac.ts';
import { bans, ipRules, permissions, roleInherits, roles } from '../schema.ts';
import { currentPolicyVersion } from './policy-version.ts';

type Snapshot = IdentityOutput<'policySnapshot'>;

export async function policySnapshot(db: ServiceDb, sinceVersion?: number): Promise<Snapshot> {
  const version = await currentPolicyVersion(db);
  if (version === sinceVersion) return { version, unchanged: true };
  // Repeatable read: the version and the rows come from one moment, as every change bumps the version in its own transaction.
  return db.transaction((tx) => readSnapshot(tx), { isolation: 'repeatable read' });
}

async function readSnapshot(tx: Tx): Promise<Snapshot> {
  const version = await currentPolicyVersion(tx);
  // One after another: a transaction is one connection, which runs one statement at a time anyway.
  const roleRows = await tx.orm.select().from(roles).orderBy(asc(roles.name));
  const links = await tx.orm.select().from(roleInherits).orderBy(asc(roleInherits.inherits));
  const permissionRows = await tx.orm.select().from(permissions).orderBy(asc(permissions.role), asc(permissions.pattern));
  const banRows = await tx.orm
    .select({ userId: bans.userId, expiresAt: bans.expiresAt })
    .from(bans)
    .where(or(isNull(bans.expiresAt), gt(bans.expiresAt, sql`now()`)));
  const ruleRows = await tx.orm.select({ cidr: ipRules.cidr, action: ipRules.action }).from(ipRules).orderBy(asc(ipRules.cidr));
  return {
    version,
    roles: roleRows.map((r) => ({
      name: r.name,
      description: r.description,
      inherits: links.filter((l) => l.role === r.name).map((l) => l.inherits),
    })),
    permissions: permissionRows.map((p) => ({
      role: p.role,
      pattern: p.pattern,
      kind: p.kind as PatternKind,
      methods: p.methods as HttpMethod[],
    })),
    bans: banRows.map((b) => ({ userId: b.userId, expiresAt: b.expiresAt?.toISOString() ?? null })),
    ipRules: ruleRows.map((r) => ({ cidr: r.cidr, action: r.action as 'deny' | 'allow' })),
  };
}
