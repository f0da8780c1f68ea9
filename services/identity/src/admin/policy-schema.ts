// The back-office policy tables as Drizzle sees them (bans, IP rules, the policy version); the SQL that
// creates them is migrations/002_policy_admin.sql, which stays the reference.
import { integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { identity } from '../schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const policyVersion = identity.table('policy_version', {
  version: integer('version').notNull(),
  changedAt: at('changed_at').notNull().defaultNow(),
});

export const bans = identity.table('bans', {
  userId: uuid('user_id').primaryKey(),
  reason: text('reason').notNull(),
  expiresAt: at('expires_at'),
  bannedAt: at('banned_at').notNull().defaultNow(),
});

export const ipRules = identity.table('ip_rules', {
  cidr: text('cidr').primaryKey(),
  action: text('action').notNull(),
  reason: text('reason').notNull().default(''),
  createdAt: at('created_at').notNull().defaultNow(),
});
