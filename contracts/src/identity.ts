// The identity service's contract: accounts, credentials, access and refresh tokens, profile,
// shipping addresses, and the roles and permissions the gateway enforces.
import { Type } from 'typebox';
import { defineContract, type MethodInput, type MethodOutput } from './define.ts';
import { identityAdminMethods, MAX_PERMISSIONS, MAX_ROLES, Nickname, Permission, Role, RoleName, RoleNames } from './identity-admin.ts';
import { Email, Empty, IdempotencyKey, strict, Timestamp, Uuid } from './primitives.ts';

export * from './identity-admin.ts';

/** The policy (length, etc.) is checked by the service so it can answer WEAK_PASSWORD; the bound stops hashing megabytes. */
const Password = Type.String({ minLength: 1, maxLength: 128 });
const Phone = Type.String({ minLength: 6, maxLength: 20, pattern: '^\\+?[0-9][0-9 -]{4,18}[0-9]$' });
const RefreshToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

/** Identity refuses a user's address past this many (ADDRESS_LIMIT_REACHED). */
export const MAX_ADDRESSES_PER_USER = 20;

/** The language a user reads the shop's mails and notifications in; 'zh-CN' unless they chose English. */
export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export const DEFAULT_LOCALE = 'zh-CN';

const UserRef = Type.Object({ id: Uuid, email: Email });

const Session = Type.Object({
  /** A compact JWT (EdDSA): a few hundred bytes, more with many roles. */
  accessToken: Type.String({ minLength: 1, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }),
  refreshToken: RefreshToken,
  /** Seconds until the access token expires (identity's accessTokenTtlSeconds: 60 to 3600). */
  expiresIn: Type.Integer({ minimum: 1, maximum: 86_400, format: 'int32' }),
  user: Type.Object({ id: Uuid, email: Email, roles: RoleNames }),
});

const Profile = Type.Object({
  id: Uuid,
  email: Email,
  nickname: Type.Union([Nickname, Type.Null()]),
  phone: Type.Union([Phone, Type.Null()]),
  locale: Locale,
  roles: RoleNames,
  createdAt: Timestamp,
});

const addressFields = {
  recipient: Type.String({ minLength: 1, maxLength: 60 }),
  phone: Phone,
  line1: Type.String({ minLength: 1, maxLength: 200 }),
  line2: Type.String({ maxLength: 200 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  region: Type.String({ maxLength: 100 }),
  postalCode: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
  /** ISO 3166-1 alpha-2. */
  country: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$' }),
};

const Address = Type.Object({
  id: Uuid,
  ...addressFields,
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** A public JSON Web Key (Ed25519), as the gateway's JWKS verifier wants it. */
const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});

/** What an access token is: a JWT signed by identity, checked by verifiers against the JWKS (the `jwks` method). */
export const AccessToken = {
  issuer: 'mall-identity',
  audience: 'mall',
  algorithm: 'EdDSA',
} as const;

/** The claims identity puts in an access token besides iss, aud, sub (the user id), iat, exp and jti. */
export interface AccessTokenClaims {
  email: string;
  /** The roles the user holds (not expanded: the RBAC policy knows the inheritance). */
  roles: string[];
}

export const IdentityContract = defineContract('identity', {
  register: {
    summary: 'Creates a customer account; a retry with the same idempotencyKey answers the first result.',
    input: Type.Object(
      {
        idempotencyKey: IdempotencyKey,
        email: Email,
        password: Password,
        nickname: Type.Optional(Nickname),
        locale: Type.Optional(Locale),
      },
      strict,
    ),
    output: Type.Object({ user: UserRef }),
    errors: { EMAIL_TAKEN: 409, WEAK_PASSWORD: 400, IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  login: {
    summary:
      'Checks email and password and opens a session (a new refresh-token family); too many failures lock the account or address out for a while.',
    input: Type.Object(
      {
        email: Email,
        password: Password,
        /** The caller's address as the gateway saw the connection (never read from a public body); counts failures per address. */
        clientIp: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      },
      strict,
    ),
    output: Session,
    errors: { INVALID_CREDENTIALS: 401, RATE_LIMITED: 429 },
    idempotent: false,
  },
  refresh: {
    summary: 'Exchanges a refresh token for a new pair; an already-used token revokes its whole family.',
    input: Type.Object({ refreshToken: RefreshToken }, strict),
    output: Session,
    errors: { INVALID_REFRESH_TOKEN: 401 },
    idempotent: false,
  },
  logout: {
    summary: 'Revokes the family of a refresh token; an unknown token is not an error.',
    input: Type.Object({ refreshToken: RefreshToken }, strict),
    output: Empty,
    idempotent: true,
  },
  changePassword: {
    summary: 'Replaces the password and revokes every refresh token of the user.',
    input: Type.Object({ userId: Uuid, currentPassword: Password, newPassword: Password }, strict),
    output: Empty,
    errors: { INVALID_CREDENTIALS: 401, WEAK_PASSWORD: 400 },
    idempotent: false,
  },
  getProfile: {
    input: Type.Object({ userId: Uuid }, strict),
    output: Profile,
    idempotent: true,
  },
  updateProfile: {
    summary: 'Sets the given fields; null clears one.',
    input: Type.Object(
      {
        userId: Uuid,
        nickname: Type.Optional(Type.Union([Nickname, Type.Null()])),
        phone: Type.Optional(Type.Union([Phone, Type.Null()])),
        locale: Type.Optional(Locale),
      },
      strict,
    ),
    output: Profile,
    idempotent: true,
  },
  listAddresses: {
    input: Type.Object({ userId: Uuid }, strict),
    output: Type.Object({ addresses: Type.Array(Address, { maxItems: MAX_ADDRESSES_PER_USER }) }),
    idempotent: true,
  },
  getAddress: {
    input: Type.Object({ userId: Uuid, addressId: Uuid }, strict),
    output: Address,
    idempotent: true,
  },
  createAddress: {
    summary: "Adds an address; the user's first address, or one created with isDefault, becomes the only default.",
    input: Type.Object(
      {
        userId: Uuid,
        idempotencyKey: IdempotencyKey,
        ...addressFields,
        line2: Type.Optional(addressFields.line2),
        region: Type.Optional(addressFields.region),
        isDefault: Type.Optional(Type.Boolean()),
      },
      strict,
    ),
    output: Address,
    errors: { ADDRESS_LIMIT_REACHED: 409, IDEMPOTENCY_KEY_REUSED: 409 },
    idempotent: true,
  },
  updateAddress: {
    summary: 'Changes the given fields; isDefault: true makes it the only default (a default is changed by choosing another).',
    input: Type.Object(
      {
        userId: Uuid,
        addressId: Uuid,
        recipient: Type.Optional(addressFields.recipient),
        phone: Type.Optional(addressFields.phone),
        line1: Type.Optional(addressFields.line1),
        line2: Type.Optional(addressFields.line2),
        city: Type.Optional(addressFields.city),
        region: Type.Optional(addressFields.region),
        postalCode: Type.Optional(addressFields.postalCode),
        country: Type.Optional(addressFields.country),
        isDefault: Type.Optional(Type.Literal(true)),
      },
      strict,
    ),
    output: Address,
    idempotent: true,
  },
  deleteAddress: {
    summary: 'Deletes an address; when it was the default, the most recently updated remaining one becomes the default.',
    input: Type.Object({ userId: Uuid, addressId: Uuid }, strict),
    output: Empty,
    idempotent: false,
  },
  jwks: {
    summary: 'The public keys that verify access tokens: the active key and recently retired ones.',
    input: Empty,
    output: Type.Object({ keys: Type.Array(PublicJwk) }),
    idempotent: true,
  },
  listRoles: {
    input: Empty,
    output: Type.Object({ roles: Type.Array(Role, { maxItems: MAX_ROLES }) }),
    idempotent: true,
  },
  grantRole: {
    summary: 'Gives a user a role (a user may hold several); already held is fine. Tokens issued later carry it.',
    input: Type.Object({ userId: Uuid, role: RoleName }, strict),
    output: Type.Object({ roles: RoleNames }),
    errors: { UNKNOWN_ROLE: 400 },
    idempotent: true,
  },
  revokeRole: {
    summary: 'Takes a role from a user; not held is fine. The last admin keeps the admin role.',
    input: Type.Object({ userId: Uuid, role: RoleName }, strict),
    output: Type.Object({ roles: RoleNames }),
    errors: { LAST_ADMIN: 409 },
    idempotent: true,
  },
  listPermissions: {
    summary: 'Every (role, pattern, methods) rule, for the gateway to load into Casbin.',
    input: Empty,
    output: Type.Object({ permissions: Type.Array(Permission, { maxItems: MAX_PERMISSIONS }) }),
    idempotent: true,
  },
  ...identityAdminMethods,
});

/** Identity's inputs and outputs by method name, for its handlers and its callers. */
export type IdentityInput<K extends keyof (typeof IdentityContract)['methods']> = MethodInput<typeof IdentityContract, K>;
export type IdentityOutput<K extends keyof (typeof IdentityContract)['methods']> = MethodOutput<typeof IdentityContract, K>;
