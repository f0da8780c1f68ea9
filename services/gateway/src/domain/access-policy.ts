// One version of identity's policy as the gateway enforces it: the RBAC enforcer, the bans in force
// and the IP filter, compiled together so a request never sees half of an update.
import type { IdentityOutput } from '@mall/contracts/identity';
import { RbacPolicy } from './casbin-policy.ts';
import { IpFilter } from './ip-filter.ts';

export type PolicySnapshot = IdentityOutput<'policySnapshot'>;

export class AccessPolicy {
  private constructor(
    readonly version: number,
    readonly rbac: RbacPolicy,
    readonly ipFilter: IpFilter,
    /** User id → end of the ban in ms since the epoch (Infinity: until lifted). */
    private readonly bans: ReadonlyMap<string, number>,
  ) {}

  static async compile(snapshot: PolicySnapshot): Promise<AccessPolicy> {
    const rbac = await RbacPolicy.build({ roles: snapshot.roles ?? [], permissions: snapshot.permissions ?? [] });
    const bans = new Map((snapshot.bans ?? []).map((b) => [b.userId, b.expiresAt === null ? Infinity : Date.parse(b.expiresAt)]));
    return new AccessPolicy(snapshot.version, rbac, new IpFilter(snapshot.ipRules ?? []), bans);
  }

  /** A ban ends by itself at its expiry, without waiting for a new policy version. */
  isBanned(userId: string, now: number = Date.now()): boolean {
    const until = this.bans.get(userId);
    return until !== undefined && now < until;
  }
}
