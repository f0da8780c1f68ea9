// Wires authorization into a gateway instance: the instance's policy poller (made once by setup, heard by the
// listeners of identity's policy events) and the Authorizer that reads its current policy.
import { IdentityContract } from '@mall/contracts/identity';
import type { ServiceContext } from '@mall/platform/runtime';
import type { GatewayConfig } from '../config.ts';
import type { Whitelist } from '../domain/whitelist.ts';
import { Authorizer } from './authorizer.ts';
import { PolicyPoller } from './policy-poller.ts';

/** Long enough for a healthy identity to answer, short enough that a gateway still starts while identity is down. */
const FIRST_LOAD_MS = 2000;

/** This instance's copy of identity's policy; the listeners may reach it before it is started, and a refresh they ask for is its first load. */
export function policyPoller(ctx: ServiceContext<GatewayConfig>): PolicyPoller {
  const identity = ctx.client(IdentityContract);
  return new PolicyPoller({
    fetch: (sinceVersion) => identity.policySnapshot(sinceVersion === undefined ? {} : { sinceVersion }),
    intervalMs: () => ctx.config.current.policyPollIntervalMs,
    log: ctx.log,
  });
}

/** Starts the poller (the runtime stops it with the instance) and authorizes against its current policy. */
export async function liveAuthorizer(poller: PolicyPoller, whitelist: () => Whitelist): Promise<Authorizer> {
  await poller.start(FIRST_LOAD_MS);
  return new Authorizer(() => poller.current, whitelist);
}
