// Denied and allowed addresses and CIDR blocks: validated and normalised here, stored once per block,
// and every change bumps the policy version and publishes identity.ip-rule-changed in the same transaction.
import { asc, eq } from 'drizzle-orm';
import { fieldRefused } from '@mall/contracts';
import { type IdentityInput, type IdentityOutput, IpRuleChanged } from '@mall/contracts/identity';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb } from '@mall/platform/db';
import { parseCidr } from '../domain/cidr.ts';
import { ipRules } from '../schema.ts';
import { bumpPolicyVersion, currentPolicyVersion } from './policy-version.ts';

type IpRule = IdentityOutput<'listIpRules'>['rules'][number];

export class IpRules {
  constructor(
    private readonly db: ServiceDb,
    private readonly bus: Bus,
  ) {}

  async list(): Promise<IpRule[]> {
    const rows = await this.db.orm.select().from(ipRules).orderBy(asc(ipRules.cidr));
    return rows.map(toRule);
  }

  /** Adds a rule, or replaces the action and reason of the same block. */
  async add(input: IdentityInput<'addIpRule'>): Promise<IdentityOutput<'addIpRule'>> {
    const cidr = normalised(input.cidr);
    const values = { cidr, action: input.action, reason: input.reason ?? '' };
    return this.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .insert(ipRules)
        .values(values)
        .onConflictDoUpdate({ target: ipRules.cidr, set: { action: values.action, reason: values.reason } })
        .returning();
      if (!row) throw new Error(`ip rule ${cidr} was not written`);
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, IpRuleChanged, { policyVersion: version, change: 'added', cidr, action: input.action });
      return { rule: toRule(row), version };
    });
  }

  async remove(input: IdentityInput<'removeIpRule'>): Promise<{ removed: boolean; version: number }> {
    const cidr = normalised(input.cidr);
    return this.db.transaction(async (tx) => {
      const removed = await tx.orm.delete(ipRules).where(eq(ipRules.cidr, cidr)).returning({ action: ipRules.action });
      if (removed.length === 0) return { removed: false, version: await currentPolicyVersion(tx) };
      const version = await bumpPolicyVersion(tx);
      await this.bus.publish(tx, IpRuleChanged, { policyVersion: version, change: 'removed', cidr });
      return { removed: true, version };
    });
  }
}

function normalised(input: string): string {
  const parsed = parseCidr(input);
  if ('problem' in parsed) throw fieldRefused('INVALID_CIDR', { path: '/cidr', message: parsed.problem });
  return parsed.text;
}

function toRule(row: typeof ipRules.$inferSelect): IpRule {
  return { cidr: row.cidr, action: row.action as IpRule['action'], reason: row.reason, createdAt: row.createdAt.toISOString() };
}
