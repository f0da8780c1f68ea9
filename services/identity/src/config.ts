// Identity's configuration (hot-reloaded; env MALL_IDENTITY_<SETTING>): token lifetimes, key rotation,
// and the first admin account created on the very first start.
import { Type, type Static } from 'typebox';

export const IdentityConfig = Type.Object(
  {
    accessTokenTtlSeconds: Type.Integer({ default: 900, minimum: 60, maximum: 3600 }),
    refreshTokenTtlDays: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
    /** A signing key older than this is replaced; the old one stays published until its tokens expire. */
    signingKeyRotationHours: Type.Integer({ default: 24, minimum: 1, maximum: 8760 }),
    adminEmail: Type.String({ default: 'admin@mall.local', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    /** Unset: a random password is generated and printed once, on the start that creates the admin. */
    adminPassword: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
  },
  { additionalProperties: false },
);

export type IdentityConfig = Static<typeof IdentityConfig>;
