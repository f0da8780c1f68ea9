// Verifies access tokens locally against a cached copy of identity's JWKS, so a request costs no call
// to identity; an unknown key id (a rotation) refetches the keys, at most once per interval.
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTPayload,
  type LocalJWKSet,
} from 'jose';
import { MallError } from '@mall/contracts';
import { AccessToken } from '@mall/contracts/identity';

/** Who a verified token speaks for. */
export interface Principal {
  userId: string;
  email: string;
  roles: string[];
}

export interface TokenVerifierOptions {
  /** Reads the current key set (identity.jwks over RPC). */
  fetchKeys: () => Promise<JSONWebKeySet>;
  /** Read on every refetch decision, so a configuration change applies at once. */
  refetchIntervalMs: () => number;
  /** Accepted clock difference with identity when checking exp and nbf. */
  clockToleranceSeconds?: number;
  now?: () => number;
}

/** Verified tokens kept at most; the oldest is forgotten first. Only tokens that verified get in. */
const REMEMBERED_TOKENS = 10_000;

export class TokenVerifier {
  /**
   * Tokens already verified, until their exp: a signed-in client sends the same token on every request, and a
   * signature check is the gateway's dearest step. Bans and RBAC are still checked on every request; a key
   * leaves the JWKS only after its tokens expired, so remembering changes no answer.
   */
  private readonly remembered = new Map<string, { principal: Principal; expiresAtMs: number }>();
  /** Signature checks made (for tests and diagnostics). */
  signatureChecks = 0;
  private keys: LocalJWKSet | undefined;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<LocalJWKSet> | undefined;
  /** How many times the key set was fetched (for tests and diagnostics). */
  fetches = 0;
  private readonly now: () => number;

  constructor(private readonly opts: TokenVerifierOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Whether `verify` would answer this token from memory: verified before and not expired. */
  remembers(token: string): boolean {
    const known = this.remembered.get(token);
    return known !== undefined && Date.now() < known.expiresAtMs;
  }

  /** The principal of a valid token; UNAUTHORIZED (401) for any bad token; UNAVAILABLE when no keys can be had. */
  async verify(token: string): Promise<Principal> {
    const known = this.remembered.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.principal;
      this.remembered.delete(token);
    }
    this.signatureChecks += 1;
    try {
      const { payload } = await jwtVerify(token, (header, jws) => this.keyFor(header, jws), {
        issuer: AccessToken.issuer,
        audience: AccessToken.audience,
        algorithms: [AccessToken.algorithm],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: this.opts.clockToleranceSeconds ?? 5,
      });
      const principal = principalOf(payload);
      this.remember(token, principal, payload.exp!);
      return principal;
    } catch (err) {
      if (err instanceof errors.JOSEError) throw new MallError('UNAUTHORIZED', `invalid access token (${err.code})`);
      throw err;
    }
  }

  private remember(token: string, principal: Principal, exp: number): void {
    if (this.remembered.size >= REMEMBERED_TOKENS) {
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    this.remembered.set(token, { principal, expiresAtMs: exp * 1000 });
  }

  private async keyFor(header: JWSHeaderParameters, jws: FlattenedJWSInput) {
    const keys = this.keys ?? (await this.refresh());
    try {
      return await keys(header, jws);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || !this.mayRefetch()) throw err;
      return (await this.refresh())(header, jws);
    }
  }

  private mayRefetch(): boolean {
    return this.inFlight !== undefined || this.now() - this.lastFetchAt >= this.opts.refetchIntervalMs();
  }

  /** One fetch at a time: concurrent requests with a new kid share it. */
  private refresh(): Promise<LocalJWKSet> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<LocalJWKSet> {
    // Counted at the attempt, not the success: a failing identity is not asked again sooner.
    this.lastFetchAt = this.now();
    this.fetches += 1;
    const keys = createLocalJWKSet(await this.opts.fetchKeys());
    this.keys = keys;
    return keys;
  }
}

function principalOf(payload: JWTPayload): Principal {
  const { sub, email, roles } = payload as JWTPayload & { email?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub === '') throw new MallError('UNAUTHORIZED', 'invalid access token (no subject)');
  // Frozen: one principal now serves every request that carries the same token.
  return Object.freeze({
    userId: sub,
    email: typeof email === 'string' ? email : '',
    roles: Object.freeze(Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : []) as string[],
  });
}
