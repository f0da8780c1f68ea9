// Wires authorization into a gateway instance: the policy poller against identity, started with the
// HTTP app and stopped when it closes, and the Authorizer that reads the poller's current policy.
import type { FastifyInstance } from 'fastify';
import type { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { ServiceContext } from '@mall/platform/runtime';
import type { GatewayConfig } from '../config.ts';
import type { Whitelist } from '../whitelist.ts';
import { Authorizer } from './authorizer.ts';
import { PolicyPoller } from './policy-poller.ts';

/** Long enough for a healthy identity to answer, short enough that a gateway still starts while identity is down. */
const FIRST_LOAD_MS = 2000;

export async function liveAuthorizer(
  app: FastifyInstance,
  ctx: ServiceContext<GatewayConfig>,
  identity: Client<typeof IdentityContract>,
  whitelist: () => Whitelist,
): Promise<Authorizer> {
  const poller = new PolicyPoller({
    fetch: (sinceVersion) => identity.policySnapshot(sinceVersion === undefined ? {} : { sinceVersion }),
    intervalMs: () => ctx.config.current.policyPollIntervalMs,
    log: ctx.log,
  });
  app.addHook('onClose', async () => poller.stop());
  await poller.start(FIRST_LOAD_MS);
  return new Authorizer(() => poller.current, whitelist);
}
