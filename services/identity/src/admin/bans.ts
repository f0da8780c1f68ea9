// Banning and unbanning users: one transaction writes the ban, bumps the policy version and publishes
// the event, so every gateway refuses the user's still-valid tokens as soon as it polls the new version.
import { eq } from 'drizzle-orm';
import { fieldRefused, MallError } from '@mall/contracts';
import { type IdentityInput, type IdentityOutput, UserBanned, UserUnbanned } from '@mall/contracts/identity';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb } from '@mall/platform/db';
import { bans, users } from '../schema.ts';
import { bumpPolicyVersion, currentPolicyVersion } from './policy-version.ts';

export class Bans {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bans (or re-bans with a new reason and expiry) a user; an expiry must be a future instant. */
  async ban(input: IdentityInput<'banUser'>): Promise<IdentityOutput<'banUser'>> {
    const expiresAt = this.expiryOf(input.expiresAt);
    return this.db.transaction(async (tx) => {
      const [user] = await tx.orm.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for('share');
      if (!user) throw new MallError('NOT_FOUND', 'no such user');
      const row = { userId: input.userId, reason: input.reason, expiresAt, bannedAt: new Date(this.now()) };
      await tx.orm
        .insert(bans)
        .values(row)
        .onConflictDoUpdate({ target: bans.userId, set: { reason: row.reason, expiresAt, bannedAt: row.bannedAt } });
      const version = await bumpPolicyVersion(tx);
      const expires = expiresAt?.toISOString() ?? null;
      await this.bus.publish(tx, UserBanned, { policyVersion: version, userId: input.userId, reason: input.reason, expiresAt: expires });
      return { ban: { userId: input.userId, reason: input.reason, expiresAt: expires, bannedAt: row.bannedAt.toISOString() }, version };
    });
  }

  async unban(userId: string): Promise<{ lifted: boolean; version: number }> {
    return this.db.transaction(async (tx) => {
      const lifted = await tx.orm.delete(bans).where(eq(bans.userId, userId)).returning({ userId: bans.userId });
      if (lifted.length === 0) return { lifted: false, version: await currentPolicyVersion(tx) };
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, UserUnbanned, { policyVersion: version, userId });
      return { lifted: true, version };
    });
  }

  private expiryOf(text: string | undefined): Date | null {
    if (text === undefined) return null;
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw fieldRefused('INVALID_EXPIRY', { path: '/expiresAt', message: 'is not an ISO 8601 date-time' });
    if (at.getTime() <= this.now()) throw fieldRefused('INVALID_EXPIRY', { path: '/expiresAt', message: 'must be in the future' });
    return at;
  }
}
