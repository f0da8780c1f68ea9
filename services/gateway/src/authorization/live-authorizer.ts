// Wires authorization into a gateway instance: one policy poller per instance, shared by the listeners of
// identity's policy events (started first) and the Authorizer that reads its current policy.
import type { FastifyInstance } from 'fastify';
import { IdentityContract } from '@mall/contracts/identity';
import type { ServiceContext } from '@mall/platform/runtime';
import type { GatewayConfig } from '../config.ts';
import type { Whitelist } from '../whitelist.ts';
import { Authorizer } from './authorizer.ts';
import { PolicyPoller } from './policy-poller.ts';

/** Long enough for a healthy identity to answer, short enough that a gateway still starts while identity is down. */
const FIRST_LOAD_MS = 2000;

// Keyed by the instance's context: a test process may host several gateways, each with its own copy of the policy.
const pollers = new WeakMap<ServiceContext<GatewayConfig>, PolicyPoller>();

/** This instance's poller; the listeners may reach it before the HTTP app starts it, and a refresh they ask for is its first load. */
export function policyPollerOf(ctx: ServiceContext<GatewayConfig>): PolicyPoller {
  let poller = pollers.get(ctx);
  if (!poller) {
    const identity = ctx.client(IdentityContract);
    poller = new PolicyPoller({
      fetch: (sinceVersion) => identity.policySnapshot(sinceVersion === undefined ? {} : { sinceVersion }),
      intervalMs: () => ctx.config.current.policyPollIntervalMs,
      log: ctx.log,
    });
    pollers.set(ctx, poller);
  }
  return poller;
}

export async function liveAuthorizer(app: FastifyInstance, ctx: ServiceContext<GatewayConfig>, whitelist: () => Whitelist): Promise<Authorizer> {
  const poller = policyPollerOf(ctx);
  app.addHook('onClose', async () => poller.stop());
  await poller.start(FIRST_LOAD_MS);
  return new Authorizer(() => poller.current, whitelist);
}
