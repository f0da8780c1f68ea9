// The gateway: the edge of the mall. It serves the public REST API under /api (validated by the
// contracts' schemas, authenticated by locally verified access tokens), its OpenAPI document and the storefront (or, before it is built, a landing page).
import { CartContract } from '@mall/contracts/cart';
import { CardProcessorContract } from '@mall/contracts/card-processor';
import { CatalogContract } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import { InventoryContract } from '@mall/contracts/inventory';
import { NotificationContract } from '@mall/contracts/notification';
import { OrderContract } from '@mall/contracts/order';
import { SeckillContract } from '@mall/contracts/seckill';
import { defineService, type ServiceContext } from '@mall/platform/runtime';
import { apiPlugin, API_PREFIX } from './api.ts';
import { Authenticator } from './authentication.ts';
import { liveAuthorizer, policyPoller } from './authorization/live-authorizer.ts';
import { policyListeners } from './authorization/policy-listeners.ts';
import { GatewayConfig } from './config.ts';
import { landingPage, landingStyleHash } from './landing.ts';
import { registerSecurityHeaders, withInlineStyle } from './security-headers.ts';
import { registerSwaggerUi } from './swagger-ui.ts';
import { liveRateLimits } from './rate-limit.ts';
import { adminHandlers } from './routes/admin.ts';
import { authHandlers } from './routes/auth.ts';
import { cartHandlers } from './routes/cart.ts';
import { catalogAdminHandlers } from './routes/catalog-admin.ts';
import { docsHandlers } from './routes/docs.ts';
import { inventoryHandlers } from './routes/inventory.ts';
import { meHandlers } from './routes/me.ts';
import { mePermissionsHandlers } from './routes/me-permissions.ts';
import { orderHandlers } from './routes/orders.ts';
import { seckillHandlers } from './routes/seckill.ts';
import { payPagePlugin, PAY_PREFIX } from './routes/pay-page.ts';
import { notificationHandlers } from './routes/notifications.ts';
import { storefrontHandlers } from './routes/storefront.ts';
import { serveApps } from './routes/web-apps.ts';
import { TokenVerifier } from './token-verifier.ts';
import { Whitelist } from './domain/whitelist.ts';

export default defineService({
  name: 'gateway',
  config: GatewayConfig,
  dependsOn: [
    IdentityContract,
    InventoryContract,
    CatalogContract,
    CartContract,
    OrderContract,
    NotificationContract,
    CardProcessorContract,
    SeckillContract,
  ],
  // One copy of identity's policy per instance (the runtime stops its poller with the instance).
  setup: (ctx) => ({ policy: policyPoller(ctx) }),
  // Every instance hears identity's policy changes (a durable consumer would reach only one of them).
  listeners: (_ctx, { policy }) => policyListeners(policy),
  http: async (app, ctx, { policy }) => {
    const whitelist = liveWhitelist(ctx);
    await registerSecurityHeaders(app, {
      corsOrigins: () => ctx.config.current.corsOrigins,
      hsts: () => ctx.config.current.hsts,
      isPublic: (method, route) => whitelist().allows(method, route),
    });
    const served = await serveApps(app);
    if (!served.storefront)
      app.get('/', (_request, reply) => withInlineStyle(reply, landingStyleHash).type('text/html; charset=utf-8').send(landingPage));
    registerSwaggerUi(app);
    const identity = ctx.client(IdentityContract);
    const verifier = new TokenVerifier({
      fetchKeys: () => identity.jwks({}),
      refetchIntervalMs: () => ctx.config.current.jwksRefetchIntervalMs,
    });
    const authenticator = new Authenticator(verifier, whitelist, ctx.log);
    const authorizer = await liveAuthorizer(policy, whitelist);
    const rateLimits = liveRateLimits(ctx, authenticator.isCheap);
    const requestTimeoutMs = () => ctx.config.current.requestTimeoutMs;
    const plugin = apiPlugin({
      handlers: {
        ...docsHandlers(),
        ...authHandlers(identity, { cart: ctx.client(CartContract), log: ctx.log }),
        ...meHandlers(identity),
        ...mePermissionsHandlers(() => policy.current),
        ...adminHandlers(identity),
        ...inventoryHandlers(ctx.client(InventoryContract)),
        ...catalogAdminHandlers(ctx.client(CatalogContract)),
        ...storefrontHandlers(ctx.client(CatalogContract)),
        ...cartHandlers(ctx.client(CartContract)),
        ...notificationHandlers(ctx.client(NotificationContract)),
        ...orderHandlers(ctx.client(OrderContract)),
        ...seckillHandlers(ctx.client(SeckillContract)),
      },
      authenticator,
      authorizer,
      rateLimits,
      log: ctx.log,
      requestTimeoutMs,
    });
    await app.register(plugin, { prefix: API_PREFIX });
    const processor = ctx.client(CardProcessorContract);
    await app.register(payPagePlugin({ processor, authorizer, rateLimits, requestTimeoutMs }), { prefix: PAY_PREFIX });
  },
});

/** The whitelist of the current configuration, compiled again on every accepted change (hot reload). */
function liveWhitelist(ctx: ServiceContext<GatewayConfig>): () => Whitelist {
  let whitelist = new Whitelist(ctx.config.current.publicRoutes);
  ctx.config.watch(
    (config) => config.publicRoutes,
    (publicRoutes) => {
      whitelist = new Whitelist(publicRoutes);
      ctx.log.info({ publicRoutes }, 'public routes changed');
    },
  );
  return () => whitelist;
}
