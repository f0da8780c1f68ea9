// The identity service: accounts, credentials, JWT access tokens with a published JWKS, rotating
// refresh tokens, profile, shipping addresses, and the RBAC policy the gateway enforces.
import { fileURLToPath } from 'node:url';
import { IdentityContract } from '@mall/contracts/identity';
import { defineService } from '@mall/platform/runtime';
import { bootstrapFirstAdmin } from './bootstrap.ts';
import { LoginGuard } from './brute-force.ts';
import { IdentityConfig } from './config.ts';
import { identityHandlers } from './handlers.ts';
import { pruneJob } from './jobs.ts';
import { SigningKeys } from './keys.ts';
import { seedDefaultPolicy } from './roles.ts';

export default defineService({
  name: 'identity',
  contract: IdentityContract,
  config: IdentityConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  // One key ring and one login guard per instance, shared by the handlers, the JWKS route and the start hook.
  setup: (ctx) => ({
    keys: new SigningKeys(ctx.db, () => ({
      accessTokenTtlSeconds: ctx.config.current.accessTokenTtlSeconds,
      rotateAfterHours: ctx.config.current.signingKeyRotationHours,
    })),
    loginGuard: new LoginGuard(ctx.rateLimits),
  }),
  handlers: (ctx, { keys, loginGuard }) => identityHandlers(ctx, keys, loginGuard),
  jobs: (ctx) => [pruneJob(ctx.db, ctx.log)],
  // The standard address too, for verifiers that fetch a JWKS over HTTP rather than through the contract.
  http: (app, _ctx, { keys }) => {
    app.get('/.well-known/jwks.json', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return { keys: await keys.publicKeys() };
    });
  },
  start: async (ctx, { keys }) => {
    await seedDefaultPolicy(ctx.db);
    const { adminEmail, adminPassword } = ctx.config.current;
    const admin = await bootstrapFirstAdmin(ctx.db, {
      email: adminEmail,
      ...(adminPassword !== undefined ? { password: adminPassword } : {}),
    });
    if (admin.generatedPassword) {
      // Printed, not logged: the one and only time this password is shown, whatever the log level.
      process.stdout.write(
        `identity: first admin ${admin.email} created with the generated password ${admin.generatedPassword} (change it after the first login)\n`,
      );
    } else if (admin.created) {
      ctx.log.info({ email: admin.email }, 'first admin created with the configured password');
    }
    // Makes sure a signing key exists before traffic, so the first logins do not race to create one.
    await keys.publicKeys();
  },
});
