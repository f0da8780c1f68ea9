// Brute-force lockout at login: too many failed logins for one account or from one client address within
// a window answer RATE_LIMITED before the password is even checked; a successful login clears the account's count.
import { createHash } from 'node:crypto';
import { MallError } from '@mall/contracts';
import { retryAfterSeconds, type RateLimiter, type RateLimits, type RateLimitState } from '@mall/platform/ratelimit';
import { normaliseEmail } from './domain/email.ts';

export interface BruteForceLimits {
  /** Failed logins allowed per account (normalised email) per window; the next attempt is refused. */
  perAccount: number;
  /** Failed logins allowed per client address per window, whatever the accounts tried. */
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_BRUTE_FORCE_LIMITS: BruteForceLimits = { perAccount: 5, perIp: 20, windowSeconds: 15 * 60 };

export interface LoginAttempt {
  email: string;
  /** Set by the gateway from the connection; absent on internal calls, which then count per account only. */
  clientIp?: string | undefined;
}

export class LoginGuard {
  private readonly accounts: RateLimiter;
  private readonly ips: RateLimiter;

  /** `rateLimits`: the service's ctx.rateLimits, where the run mode keeps counts shared by every instance. */
  constructor(rateLimits: RateLimits, limits: BruteForceLimits = DEFAULT_BRUTE_FORCE_LIMITS) {
    const window = limits.windowSeconds;
    this.accounts = rateLimits.limiter({
      prefix: 'mall:identity:login-failures:account',
      points: limits.perAccount,
      durationSeconds: window,
    });
    this.ips = rateLimits.limiter({ prefix: 'mall:identity:login-failures:ip', points: limits.perIp, durationSeconds: window });
  }

  /** Runs the login unless the attempt is locked out, and counts its outcome. */
  async guard<T>(attempt: LoginAttempt, login: () => Promise<T>): Promise<T> {
    const account = accountKey(attempt.email);
    await this.refuseIfLocked(account, attempt.clientIp);
    try {
      const session = await login();
      await this.accounts.reset(account);
      return session;
    } catch (err) {
      if (err instanceof MallError && err.code === 'INVALID_CREDENTIALS') await this.countFailure(account, attempt.clientIp);
      throw err;
    }
  }

  private async refuseIfLocked(account: string, clientIp: string | undefined): Promise<void> {
    const [byAccount, byIp] = await Promise.all([this.accounts.get(account), clientIp ? this.ips.get(clientIp) : null]);
    const waitMs = Math.max(lockedFor(byAccount, this.accounts.points), lockedFor(byIp, this.ips.points));
    if (waitMs > 0) {
      throw new MallError('RATE_LIMITED', 'too many failed logins; try again later', {
        details: { retryAfterSeconds: retryAfterSeconds(waitMs) },
      });
    }
  }

  private async countFailure(account: string, clientIp: string | undefined): Promise<void> {
    await Promise.all([this.accounts.penalty(account), clientIp ? this.ips.penalty(clientIp) : undefined]);
  }
}

/** A digest, so that Redis keys do not list the emails people tried. */
function accountKey(email: string): string {
  return createHash('sha256').update(normaliseEmail(email)).digest('base64url').slice(0, 32);
}

function lockedFor(state: RateLimitState | null, allowedFailures: number): number {
  return state !== null && state.consumed >= allowedFailures ? state.resetsInMs : 0;
}
