// Accounts and credentials: registration, login, password change. Hashing happens outside
// transactions (it is slow, and holds no row), effects and their idempotency record inside one.
import { eq, sql } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import { DEFAULT_LOCALE, type IdentityInput, type IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { normaliseEmail } from './domain/email.ts';
import { assertStrongPassword } from './domain/password-policy.ts';
import { Roles } from './domain/rbac.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { grantRole } from './roles.ts';
import { users } from './schema.ts';
import { revokeAllFamilies, type Session, type Sessions } from './sessions.ts';

export class Accounts {
  constructor(
    private readonly db: ServiceDb,
    private readonly sessions: Sessions,
  ) {}

  async register(input: IdentityInput<'register'>): Promise<IdentityOutput<'register'>> {
    const email = normaliseEmail(input.email);
    assertStrongPassword(input.password, email);
    const passwordHash = await hashPassword(input.password);
    // The password is left out of the fingerprint: a fast digest of it would undo argon2.
    const locale = input.locale ?? DEFAULT_LOCALE;
    const request = { email, nickname: input.nickname ?? null, ...(input.locale ? { locale } : {}) };
    return this.db.transaction((tx) =>
      once(tx, { scope: 'register', key: input.idempotencyKey, request }, async () => {
        const [user] = await tx.orm
          .insert(users)
          .values({ email, passwordHash, nickname: input.nickname ?? null, locale })
          .onConflictDoNothing()
          .returning({ id: users.id, email: users.email });
        if (!user) throw new MallError('EMAIL_TAKEN', 'an account with this email already exists');
        await grantRole(tx.orm, user.id, Roles.customer);
        return { user };
      }),
    );
  }

  async login(input: IdentityInput<'login'>): Promise<Session> {
    const [user] = await this.db.orm
      .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, normaliseEmail(input.email)));
    // Same answer and the same argon2 work whether the email is unknown or the password wrong.
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok) throw invalidCredentials();
    return this.sessions.open({ id: user.id, email: user.email });
  }

  async changePassword(input: IdentityInput<'changePassword'>): Promise<Record<string, never>> {
    const [user] = await this.db.orm
      .select({ email: users.email, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, input.userId));
    const ok = await verifyPassword(user?.passwordHash, input.currentPassword);
    if (!user || !ok) throw invalidCredentials();
    assertStrongPassword(input.newPassword, user.email);
    const passwordHash = await hashPassword(input.newPassword);
    await this.db.transaction(async (tx) => {
      await tx.orm
        .update(users)
        .set({ passwordHash, updatedAt: sql`now()` })
        .where(eq(users.id, input.userId));
      await revokeAllFamilies(tx.orm, input.userId, 'password-changed');
    });
    return {};
  }
}

function invalidCredentials(): MallError {
  return new MallError('INVALID_CREDENTIALS', 'the email or the password is wrong');
}
