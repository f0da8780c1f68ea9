// A user's profile: who they are to the shop (email, nickname, phone, the locale they read in) and the roles they hold.
import { eq, sql } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import type { IdentityInput, IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb } from '@mall/platform/db';
import { rolesOf } from './roles.ts';
import { users } from './schema.ts';

type Profile = IdentityOutput<'getProfile'>;

export async function getProfile(db: ServiceDb, userId: string): Promise<Profile> {
  const [user] = await db.orm.select().from(users).where(eq(users.id, userId));
  if (!user) throw new MallError('NOT_FOUND', 'no such user');
  return {
    id: user.id,
    email: user.email,
    nickname: user.nickname,
    phone: user.phone,
    locale: user.locale,
    roles: await rolesOf(db.orm, user.id),
    createdAt: user.createdAt.toISOString(),
  };
}

export async function updateProfile(db: ServiceDb, input: IdentityInput<'updateProfile'>): Promise<Profile> {
  const changes: Partial<typeof users.$inferInsert> = {};
  if (input.nickname !== undefined) changes.nickname = input.nickname;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.locale !== undefined) changes.locale = input.locale;
  if (Object.keys(changes).length > 0) {
    const updated = await db.orm
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId))
      .returning({ id: users.id });
    if (updated.length === 0) throw new MallError('NOT_FOUND', 'no such user');
  }
  return getProfile(db, input.userId);
}
