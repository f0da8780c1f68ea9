// The back office's view of users: a bounded, searchable page with each user's roles and ban,
// read in three queries whatever the page size.
import { and, desc, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { IdentityInput, IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb } from '@mall/platform/db';
import { bans, userRoles, users } from '../schema.ts';

type Page = IdentityOutput<'listUsers'>;

export const DEFAULT_PAGE_SIZE = 20;

export async function listUsers(db: ServiceDb, input: IdentityInput<'listUsers'>): Promise<Page> {
  const where = searchOf(input.search);
  const [counted] = await db.orm
    .select({ total: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  const rows = await db.orm
    .select({ id: users.id, email: users.email, nickname: users.nickname, createdAt: users.createdAt })
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit ?? DEFAULT_PAGE_SIZE)
    .offset(input.offset ?? 0);
  const ids = rows.map((r) => r.id);
  const roleRows = ids.length > 0 ? await db.orm.select().from(userRoles).where(inArray(userRoles.userId, ids)) : [];
  const banRows =
    ids.length > 0
      ? await db.orm
          .select()
          .from(bans)
          .where(and(inArray(bans.userId, ids), or(sql`${bans.expiresAt} IS NULL`, sql`${bans.expiresAt} > now()`)))
      : [];
  return {
    total: counted?.total ?? 0,
    users: rows.map((u) => {
      const ban = banRows.find((b) => b.userId === u.id);
      return {
        id: u.id,
        email: u.email,
        nickname: u.nickname,
        roles: roleRows
          .filter((r) => r.userId === u.id)
          .map((r) => r.role)
          .sort(),
        ban: ban ? { reason: ban.reason, expiresAt: ban.expiresAt?.toISOString() ?? null } : null,
        createdAt: u.createdAt.toISOString(),
      };
    }),
  };
}

function searchOf(search: string | undefined): SQL | undefined {
  if (search === undefined) return undefined;
  // The fragment is data, not a pattern: % and _ typed by an operator match themselves.
  const fragment = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(users.email, fragment), ilike(users.nickname, fragment));
}
