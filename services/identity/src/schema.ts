// Identity's tables as Drizzle sees them, in the service's own PostgreSQL schema; the SQL that
// creates them is migrations/, which stays the reference.
import { boolean, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const identity = pgSchema('identity');
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = identity.table('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  nickname: text('nickname'),
  phone: text('phone'),
  locale: text('locale').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const roles = identity.table('roles', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
});

export const roleInherits = identity.table(
  'role_inherits',
  {
    role: text('role').notNull(),
    inherits: text('inherits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.role, t.inherits] })],
);

export const permissions = identity.table('permissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  role: text('role').notNull(),
  pattern: text('pattern').notNull(),
  kind: text('kind').notNull(),
  methods: text('methods').array().notNull(),
});

export const userRoles = identity.table(
  'user_roles',
  {
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    grantedAt: at('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const refreshFamilies = identity.table('refresh_families', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  revokedAt: at('revoked_at'),
  revokedReason: text('revoked_reason'),
});

export const refreshTokens = identity.table('refresh_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  familyId: uuid('family_id').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: at('expires_at').notNull(),
  rotatedAt: at('rotated_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const addresses = identity.table('addresses', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  recipient: text('recipient').notNull(),
  phone: text('phone').notNull(),
  line1: text('line1').notNull(),
  line2: text('line2').notNull().default(''),
  city: text('city').notNull(),
  region: text('region').notNull().default(''),
  postalCode: text('postal_code').notNull(),
  country: text('country').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const signingKeys = identity.table('signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').notNull(),
  publicJwk: jsonb('public_jwk').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  retiredAt: at('retired_at'),
});

export const bootstrap = identity.table('bootstrap', {
  singleton: boolean('singleton').primaryKey().default(true),
  adminUserId: uuid('admin_user_id').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

// The back-office policy: the version gateways reload on, bans and IP rules (migrations/002_policy_admin.sql).
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
