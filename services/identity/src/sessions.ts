// Sessions: a login opens a refresh-token family; each refresh rotates the token inside its family;
// a rotated token that comes back revokes the family; logout and password changes revoke families.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import type { IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import { decideRefresh, hashRefreshToken, newRefreshToken, refreshExpiry } from './domain/refresh-tokens.ts';
import type { SigningKeys } from './keys.ts';
import { rolesOf } from './roles.ts';
import { refreshFamilies, refreshTokens, users } from './schema.ts';

export type Session = IdentityOutput<'login'>;
type RevokeReason = 'logout' | 'reuse' | 'password-changed';

interface Grant {
  user: { id: string; email: string; roles: string[] };
  refreshToken: string;
}

export class Sessions {
  constructor(
    private readonly db: ServiceDb,
    private readonly keys: SigningKeys,
    private readonly refreshTtlDays: () => number,
    private readonly log: Logger,
  ) {}

  async open(user: { id: string; email: string }): Promise<Session> {
    const grant = await this.db.transaction(async (tx) => {
      const [family] = await tx.orm.insert(refreshFamilies).values({ userId: user.id }).returning({ id: refreshFamilies.id });
      if (!family) throw new Error('refresh family insert returned nothing');
      return { user: { ...user, roles: await rolesOf(tx.orm, user.id) }, refreshToken: await this.issue(tx, family.id) };
    });
    return this.signed(grant);
  }

  async refresh(presented: string): Promise<Session> {
    // The decision commits before the refusal is thrown: a reuse must revoke the family for good.
    const grant = await this.db.transaction((tx) => this.rotate(tx, presented));
    if (!grant) throw new MallError('INVALID_REFRESH_TOKEN', 'the refresh token is not valid');
    return this.signed(grant);
  }

  async logout(presented: string): Promise<void> {
    const [token] = await this.db.orm
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(presented)));
    if (token) await revokeFamily(this.db.orm, token.familyId, 'logout');
  }

  private async rotate(tx: Tx, presented: string): Promise<Grant | undefined> {
    const [row] = await tx.orm
      .select({
        tokenId: refreshTokens.id,
        familyId: refreshTokens.familyId,
        expiresAt: refreshTokens.expiresAt,
        rotatedAt: refreshTokens.rotatedAt,
        familyRevokedAt: refreshFamilies.revokedAt,
        userId: refreshFamilies.userId,
      })
      .from(refreshTokens)
      .innerJoin(refreshFamilies, eq(refreshFamilies.id, refreshTokens.familyId))
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(presented)))
      .for('update');
    const decision = decideRefresh(row, new Date());
    if (!row || decision === 'dead') return undefined;
    if (decision === 'reuse') {
      await revokeFamily(tx.orm, row.familyId, 'reuse');
      this.log.warn({ familyId: row.familyId, userId: row.userId }, 'a rotated refresh token was presented again; its family is revoked');
      return undefined;
    }
    await tx.orm
      .update(refreshTokens)
      .set({ rotatedAt: sql`now()` })
      .where(eq(refreshTokens.id, row.tokenId));
    const [user] = await tx.orm.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, row.userId));
    if (!user) return undefined;
    return { user: { ...user, roles: await rolesOf(tx.orm, user.id) }, refreshToken: await this.issue(tx, row.familyId) };
  }

  private async issue(tx: Tx, familyId: string): Promise<string> {
    const token = newRefreshToken();
    await tx.orm
      .insert(refreshTokens)
      .values({ familyId, tokenHash: hashRefreshToken(token), expiresAt: refreshExpiry(new Date(), this.refreshTtlDays()) });
    return token;
  }

  /** Signing happens after the commit: on PGlite the key lookup cannot run inside a transaction. */
  private async signed(grant: Grant): Promise<Session> {
    const { token, expiresIn } = await this.keys.signAccessToken(grant.user.id, { email: grant.user.email, roles: grant.user.roles });
    return { accessToken: token, refreshToken: grant.refreshToken, expiresIn, user: grant.user };
  }
}

export async function revokeFamily(orm: Tx['orm'], familyId: string, reason: RevokeReason): Promise<void> {
  await orm
    .update(refreshFamilies)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(refreshFamilies.id, familyId), isNull(refreshFamilies.revokedAt)));
}

export async function revokeAllFamilies(orm: Tx['orm'], userId: string, reason: RevokeReason): Promise<void> {
  await orm
    .update(refreshFamilies)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(refreshFamilies.userId, userId), isNull(refreshFamilies.revokedAt)));
}
