// The gateway's public routes: the probes, the OpenAPI document, and the storefront's /api routes.
// Fastify validates with these schemas and the OpenAPI document is built from them: one source for both.
import { Type } from 'typebox';
import { defineRoute, type RouteDef } from './http.ts';
import { strict } from './primitives.ts';
import { adminRoutes, GatewayErrors } from './gateway-admin.ts';
import { catalogAdminRoutes } from './catalog-admin.ts';
import { storefrontRoutes } from './catalog-storefront.ts';
import { cartRoutes } from './cart-storefront.ts';
import { IdentityContract } from './identity.ts';
import { inventoryAdminRoutes } from './inventory-admin.ts';
import { notificationRoutes } from './notification-me.ts';
import { orderAdminRoutes, orderRoutes } from './order.ts';
import { seckillAdminRoutes, seckillRoutes } from './seckill-edge.ts';

export { adminRoutes, GatewayErrors } from './gateway-admin.ts';
export { inventoryAdminRoutes } from './inventory-admin.ts';
export { catalogAdminRoutes } from './catalog-admin.ts';
export { MAX_BRANDS, storefrontRoutes } from './catalog-storefront.ts';
export { cartRoutes } from './cart-storefront.ts';
export { notificationRoutes } from './notification-me.ts';
export { seckillAdminRoutes, seckillRoutes } from './seckill-edge.ts';

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String({ maxLength: 1000 })), ms: Type.Number({ minimum: 0 }) });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  ok: Type.Boolean(),
  draining: Type.Boolean(),
  checks: Type.Record(Type.String(), Check),
});

const identity = IdentityContract.methods;
const register = identity.register.input.properties;
const login = identity.login.input.properties;
const profile = identity.updateProfile.input.properties;
const newAddress = identity.createAddress.input.properties;
const addressChange = identity.updateAddress.input.properties;
const passwordChange = identity.changePassword.input.properties;

/** Every /api route may fail this way: from a denied address, over a rate limit (429 with Retry-After), or the service behind it down or too slow. */
const downstream = { IP_DENIED: GatewayErrors.codes.IP_DENIED, RATE_LIMITED: 429, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504 } as const;
/** Routes that need a Bearer access token, of a user not banned whose roles allow the route. */
const signedIn = { UNAUTHORIZED: 401, FORBIDDEN: 403, USER_BANNED: GatewayErrors.codes.USER_BANNED, ...downstream } as const;

const AddressId = Type.Object({ id: identity.getAddress.input.properties.addressId }, strict);
const NoContent = Type.Null({ description: 'no content' });

export const probeRoutes = {
  healthz: defineRoute({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    public: true,
    responses: { 200: Type.Object({ status: Type.Literal('ok') }) },
  }),
  readyz: defineRoute({
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: the servers this process uses are reachable, and it is not draining',
    tags: ['operations'],
    public: true,
    responses: {
      200: Readiness,
      503: Readiness,
    },
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics in the text exposition format',
    tags: ['operations'],
    public: true,
    responses: { 200: Type.String({ maxLength: 8_388_608, description: 'at most 8 MiB' }) },
  }),
  openApi: defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API described as an OpenAPI 3.1 document',
    tags: ['operations'],
    public: true,
    responses: {
      200: Type.Object({ openapi: Type.String({ maxLength: 10, pattern: '^3\\.1\\.[0-9]+$' }) }, { additionalProperties: true }),
    },
    errors: { IP_DENIED: GatewayErrors.codes.IP_DENIED, RATE_LIMITED: 429 },
  }),
};

export const authRoutes = {
  register: defineRoute({
    method: 'POST',
    path: '/api/auth/register',
    summary: 'Creates a customer account. An Idempotency-Key header makes a retry answer the first result.',
    tags: ['auth'],
    public: true,
    body: Type.Object({ email: register.email, password: register.password, nickname: register.nickname, locale: register.locale }, strict),
    responses: { 201: identity.register.output },
    errors: { EMAIL_TAKEN: 409, WEAK_PASSWORD: 400, IDEMPOTENCY_KEY_REUSED: 409, ...downstream },
  }),
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary:
      'Checks email and password; answers an access token and a refresh token. A guest cart token (mall_cart cookie or X-Cart-Token) ' +
      "moves that guest cart into the member's cart, best effort: the login answers whatever the cart does.",
    tags: ['auth'],
    public: true,
    body: Type.Object({ email: login.email, password: login.password }, strict),
    responses: { 200: identity.login.output },
    errors: { INVALID_CREDENTIALS: 401, ...downstream },
  }),
  refresh: defineRoute({
    method: 'POST',
    path: '/api/auth/refresh',
    summary: 'Exchanges a refresh token for a new pair; presenting a used one again ends the whole session.',
    tags: ['auth'],
    public: true,
    body: identity.refresh.input,
    responses: { 200: identity.refresh.output },
    errors: { INVALID_REFRESH_TOKEN: 401, ...downstream },
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Ends the session of a refresh token; an unknown token is not an error.',
    tags: ['auth'],
    public: true,
    body: identity.logout.input,
    responses: { 204: NoContent },
    errors: downstream,
  }),
};

export const meRoutes = {
  profile: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: "The signed-in user's profile",
    tags: ['me'],
    public: false,
    responses: { 200: identity.getProfile.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  permissions: defineRoute({
    method: 'GET',
    path: '/api/me/permissions',
    summary:
      'The roles of the signed-in user and every protected route ("METHOD /path") they allow right now; the back office shows ' +
      'a menu entry or an action only when its route is listed (the API refuses the others anyway). Any signed-in user may ask.',
    tags: ['me'],
    public: false,
    anyRole: true,
    responses: {
      200: Type.Object({
        roles: IdentityContract.methods.login.output.properties.user.properties.roles,
        routes: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 2000 }),
      }),
    },
    errors: { UNAUTHORIZED: 401, USER_BANNED: GatewayErrors.codes.USER_BANNED, ...downstream },
  }),
  changeProfile: defineRoute({
    method: 'PATCH',
    path: '/api/me',
    summary: 'Changes nickname, phone or locale (zh-CN or en); null clears nickname or phone.',
    tags: ['me'],
    public: false,
    body: Type.Object({ nickname: profile.nickname, phone: profile.phone, locale: profile.locale }, strict),
    responses: { 200: identity.updateProfile.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/api/me/password',
    summary:
      'Replaces the password after checking the current one (INVALID_CREDENTIALS when it is wrong) and ends every session of the user: ' +
      'each refresh token is revoked, so the caller signs in again with the new password.',
    tags: ['me'],
    public: false,
    body: Type.Object({ currentPassword: passwordChange.currentPassword, newPassword: passwordChange.newPassword }, strict),
    responses: { 204: NoContent },
    errors: { ...signedIn, INVALID_CREDENTIALS: 401, WEAK_PASSWORD: 400 },
  }),
  addresses: defineRoute({
    method: 'GET',
    path: '/api/me/addresses',
    summary: "The signed-in user's shipping addresses",
    tags: ['me'],
    public: false,
    responses: { 200: identity.listAddresses.output },
    errors: signedIn,
  }),
  addAddress: defineRoute({
    method: 'POST',
    path: '/api/me/addresses',
    summary:
      'Adds a shipping address; the first one, or one sent with isDefault, becomes the only default. Idempotency-Key header honoured.',
    tags: ['me'],
    public: false,
    body: Type.Object(
      {
        recipient: newAddress.recipient,
        phone: newAddress.phone,
        line1: newAddress.line1,
        line2: newAddress.line2,
        city: newAddress.city,
        region: newAddress.region,
        postalCode: newAddress.postalCode,
        country: newAddress.country,
        isDefault: newAddress.isDefault,
      },
      strict,
    ),
    responses: { 201: identity.createAddress.output },
    errors: { ...signedIn, ADDRESS_LIMIT_REACHED: 409, IDEMPOTENCY_KEY_REUSED: 409 },
  }),
  address: defineRoute({
    method: 'GET',
    path: '/api/me/addresses/:id',
    summary: 'One shipping address of the signed-in user',
    tags: ['me'],
    public: false,
    params: AddressId,
    responses: { 200: identity.getAddress.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  changeAddress: defineRoute({
    method: 'PATCH',
    path: '/api/me/addresses/:id',
    summary: 'Changes the given fields; isDefault: true makes it the only default.',
    tags: ['me'],
    public: false,
    params: AddressId,
    body: Type.Object(
      {
        recipient: addressChange.recipient,
        phone: addressChange.phone,
        line1: addressChange.line1,
        line2: addressChange.line2,
        city: addressChange.city,
        region: addressChange.region,
        postalCode: addressChange.postalCode,
        country: addressChange.country,
        isDefault: addressChange.isDefault,
      },
      strict,
    ),
    responses: { 200: identity.updateAddress.output },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
  deleteAddress: defineRoute({
    method: 'DELETE',
    path: '/api/me/addresses/:id',
    summary: 'Deletes an address; when it was the default, the most recently updated other one becomes the default.',
    tags: ['me'],
    public: false,
    params: AddressId,
    responses: { 204: NoContent },
    errors: { ...signedIn, NOT_FOUND: 404 },
  }),
};

/** Every route, in the order of the OpenAPI document; the named groups above give handlers their typed route. */
export const gatewayRoutes: RouteDef[] = [
  probeRoutes,
  authRoutes,
  meRoutes,
  adminRoutes,
  inventoryAdminRoutes,
  catalogAdminRoutes,
  storefrontRoutes,
  cartRoutes,
  notificationRoutes,
  orderRoutes,
  orderAdminRoutes,
  seckillRoutes,
  seckillAdminRoutes,
].flatMap((group) => Object.values(group));
