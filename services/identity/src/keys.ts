// Ed25519 signing keys for access tokens, kept in identity's database so every instance signs with
// the same active key; rotation retires the old key, which stays published until its tokens expire.
import { randomUUID } from 'node:crypto';
import { desc, gt, isNull, or, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AccessToken, type AccessTokenClaims } from '@mall/contracts/identity';
import type { ServiceDb } from '@mall/platform/db';
import { keyNeedsRotation, retiredKeyWindowMs } from './domain/signing-keys.ts';
import { signingKeys } from './schema.ts';

export interface KeyPolicy {
  accessTokenTtlSeconds: number;
  rotateAfterHours: number;
}

/** How long an instance signs with the key it loaded before looking for a newer one. */
export const KEY_CACHE_MS = 30_000;
export const CLOCK_SKEW_SECONDS = 60;

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

interface ActiveKey {
  kid: string;
  key: SigningKey;
  createdAt: Date;
  loadedAt: number;
}

export type PublicJwk = { kty: string; crv: string; x: string; kid: string; alg: string; use: string };

export class SigningKeys {
  private active: ActiveKey | undefined;

  constructor(
    private readonly db: ServiceDb,
    private readonly policy: () => KeyPolicy,
  ) {}

  /** Signs an access token for a user with the active key; returns the token and its lifetime in seconds. */
  async signAccessToken(userId: string, claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }> {
    const { kid, key } = await this.current();
    const ttl = this.policy().accessTokenTtlSeconds;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ email: claims.email, roles: claims.roles })
      .setProtectedHeader({ alg: AccessToken.algorithm, kid, typ: 'JWT' })
      .setIssuer(AccessToken.issuer)
      .setAudience(AccessToken.audience)
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresIn: ttl };
  }

  /** The active key and the retired keys whose tokens may still be alive. */
  async publicKeys(): Promise<PublicJwk[]> {
    await this.current();
    const ages = {
      accessTokenTtlSeconds: this.policy().accessTokenTtlSeconds,
      cacheMs: KEY_CACHE_MS,
      clockSkewSeconds: CLOCK_SKEW_SECONDS,
    };
    // Compared with the database's clock, the one that stamped retired_at.
    const oldestRetirement = sql`now() - ${retiredKeyWindowMs(ages)} * interval '1 millisecond'`;
    const rows = await this.db.orm
      .select({ publicJwk: signingKeys.publicJwk })
      .from(signingKeys)
      .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, oldestRetirement)))
      .orderBy(desc(signingKeys.createdAt));
    return rows.map((r) => r.publicJwk as PublicJwk);
  }

  /**
   * Retires the active key and makes a new one. `force: false` only replaces a missing or stale key,
   * so several instances noticing staleness together rotate once.
   */
  async rotate(opts: { force: boolean }): Promise<void> {
    const fresh = await newKeyPair();
    await this.db.transaction(async (tx) => {
      // Serialises rotations: the second instance re-reads after the first committed and finds a fresh key.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('identity.signing-keys'))`);
      const [active] = await tx.orm.select({ createdAt: signingKeys.createdAt }).from(signingKeys).where(isNull(signingKeys.retiredAt));
      if (active && !opts.force && !keyNeedsRotation(active.createdAt, new Date(), this.policy().rotateAfterHours)) return;
      await tx.orm
        .update(signingKeys)
        .set({ retiredAt: sql`now()` })
        .where(isNull(signingKeys.retiredAt));
      await tx.orm.insert(signingKeys).values(fresh);
    });
    this.active = undefined;
  }

  private async current(): Promise<ActiveKey> {
    if (this.active && Date.now() - this.active.loadedAt < KEY_CACHE_MS && !this.stale(this.active)) return this.active;
    let loaded = await this.load();
    if (!loaded || this.stale(loaded)) {
      await this.rotate({ force: false });
      loaded = await this.load();
    }
    if (!loaded) throw new Error('no active signing key after rotation');
    this.active = loaded;
    return loaded;
  }

  private stale(key: ActiveKey): boolean {
    return keyNeedsRotation(key.createdAt, new Date(), this.policy().rotateAfterHours);
  }

  private async load(): Promise<ActiveKey | undefined> {
    const [row] = await this.db.orm.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    if (!row) return undefined;
    const key = await importJWK(row.privateJwk as JWK, AccessToken.algorithm);
    return { kid: row.kid, key, createdAt: row.createdAt, loadedAt: Date.now() };
  }

  /** For tests and operators: which key signs now. */
  async activeKid(): Promise<string | undefined> {
    const [row] = await this.db.orm.select({ kid: signingKeys.kid }).from(signingKeys).where(isNull(signingKeys.retiredAt));
    return row?.kid;
  }
}

async function newKeyPair(): Promise<{ kid: string; privateJwk: JWK; publicJwk: PublicJwk }> {
  const { publicKey, privateKey } = await generateKeyPair(AccessToken.algorithm, { crv: 'Ed25519', extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const meta = { kid, alg: AccessToken.algorithm, use: 'sig' };
  const publicJwk = { kty: pub.kty ?? 'OKP', crv: pub.crv ?? 'Ed25519', x: pub.x ?? '', ...meta };
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk };
}
