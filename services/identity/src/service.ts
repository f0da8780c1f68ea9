// The identity service: accounts, credentials, JWT access tokens with a published JWKS, rotating
// refresh tokens, profile, shipping addresses, and the RBAC policy the gateway enforces.
import { fileURLToPath } from 'node:url';
import { IdentityContract } from '@mall/contracts/identity';
import { defineService, type ServiceContext } from '@mall/platform/runtime';
import { bootstrapFirstAdmin } from './bootstrap.ts';
import { loginGuardOf } from './brute-force.ts';
import { IdentityConfig } from './config.ts';
import { identityHandlers } from './handlers.ts';
import { pruneJob } from './jobs.ts';
import { SigningKeys } from './keys.ts';
import { seedDefaultPolicy } from './roles.ts';

// One key ring per started service; handlers and the start hook share it.
const keyRings = new WeakMap<ServiceContext<IdentityConfig>, SigningKeys>();

function keysOf(ctx: ServiceContext<IdentityConfig>): SigningKeys {
  let keys = keyRings.get(ctx);
  if (!keys) {
    keys = new SigningKeys(ctx.db, () => ({ accessTokenTtlSeconds: ctx.config.current.accessTokenTtlSeconds, rotateAfterHours: ctx.config.current.signingKeyRotationHours }));
    keyRings.set(ctx, keys);
  }
  return keys;
}

export default defineService({
  name: 'identity',
  contract: IdentityContract,
  config: IdentityConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  handlers: (ctx) => identityHandlers(ctx, keysOf(ctx), loginGuardOf(ctx)),
  jobs: (ctx) => [pruneJob(ctx.db, ctx.log)],
  // The standard address too, for verifiers that fetch a JWKS over HTTP rather than through the contract.
  http: (app, ctx) => {
    app.get('/.well-known/jwks.json', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return { keys: await keysOf(ctx).publicKeys() };
    });
  },
  start: async (ctx) => {
    await seedDefaultPolicy(ctx.db);
    const { adminEmail, adminPassword } = ctx.config.current;
    const admin = await bootstrapFirstAdmin(ctx.db, { email: adminEmail, ...(adminPassword !== undefined ? { password: adminPassword } : {}) });
    if (admin.generatedPassword) {
      // Printed, not logged: the one and only time this password is shown, whatever the log level.
      process.stdout.write(`identity: first admin ${admin.email} created with the generated password ${admin.generatedPassword} (change it after the first login)\n`);
    } else if (admin.created) {
      ctx.log.info({ email: admin.email }, 'first admin created with the configured password');
    }
    // Makes sure a signing key exists before traffic, so the first logins do not race to create one.
    await keysOf(ctx).publicKeys();
    return () => loginGuardOf(ctx).close();
  },
});
