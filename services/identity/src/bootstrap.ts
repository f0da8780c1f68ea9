// The first start of identity creates one admin account. The one-row `bootstrap` table decides who
// does it: its primary key lets exactly one instance insert, even when several start at once.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServiceDb } from '@mall/platform/db';
import { bootstrap, users } from './schema.ts';
import { normaliseEmail } from './domain/email.ts';
import { assertStrongPassword } from './domain/password-policy.ts';
import { Roles } from './domain/rbac.ts';
import { hashPassword } from './passwords.ts';
import { grantRole } from './roles.ts';

export interface BootstrapResult {
  created: boolean;
  email?: string;
  /** Set only when no password was configured: the caller prints it once. */
  generatedPassword?: string;
}

export async function bootstrapFirstAdmin(db: ServiceDb, admin: { email: string; password?: string }): Promise<BootstrapResult> {
  // Cheap check first so that ordinary restarts skip the argon2 hash; the insert below is the real arbiter.
  const done = await db.orm.select({ singleton: bootstrap.singleton }).from(bootstrap).limit(1);
  if (done.length > 0) return { created: false };
  const email = normaliseEmail(admin.email);
  const generatedPassword = admin.password === undefined ? randomBytes(18).toString('base64url') : undefined;
  const password = admin.password ?? generatedPassword ?? '';
  assertStrongPassword(password, email);
  const passwordHash = await hashPassword(password);
  const adminId = randomUUID();
  const created = await db.transaction(async (tx) => {
    // A second instance waits here for the first to commit, then inserts nothing (the FK is deferred to commit).
    const won = await tx.orm
      .insert(bootstrap)
      .values({ adminUserId: adminId })
      .onConflictDoNothing()
      .returning({ singleton: bootstrap.singleton });
    if (won.length === 0) return false;
    await tx.orm.insert(users).values({ id: adminId, email, passwordHash, nickname: 'admin' });
    await grantRole(tx.orm, adminId, Roles.admin);
    return true;
  });
  return created ? { created, email, ...(generatedPassword ? { generatedPassword } : {}) } : { created: false };
}
