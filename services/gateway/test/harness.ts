// The gateway's tests on the platform's test kit: a real identity and gateway instances inside the test process
// (real PostgreSQL, Redis, NATS and etcd) or both all-in-one; the browser that calls them is the test kit's.
import { after, before } from 'node:test';
import type { RunningInstance } from '@mall/platform/runtime';
import { Browser, startEmbedded, startInstance, testServers, type EmbeddedHost } from '@mall/platform/testkit';
import gateway from '../src/service.ts';
import identity from '../../identity/src/service.ts';

export { testServers as serverEnv };
export { Browser, uniqueEmail, uniqueLoopbackIp, type Answer } from '@mall/platform/testkit';

export function startIdentity(): Promise<RunningInstance> {
  return startInstance(identity, { env: { MALL_POSTGRES_POOL_SIZE: '4' } });
}

/** The all-in-one host (PGlite in a temporary folder, in-process calls) with identity and the gateway on one public port. */
export function startAllInOne(): Promise<EmbeddedHost> {
  return startEmbedded([identity, gateway]);
}

/** A gateway that finds identity through the etcd registry, or through `staticServices` when given. */
export function startGateway(staticServices?: string): Promise<RunningInstance> {
  return startInstance(gateway, { env: staticServices ? { MALL_REGISTRY: 'static', MALL_STATIC_SERVICES: staticServices } : {} });
}

/** The all-in-one host (PGlite in a temporary folder) for the enclosing suite, and a browser on its public port. */
export function allInOneForSuite(): { readonly host: EmbeddedHost; readonly browser: Browser } {
  const state: { host?: EmbeddedHost; browser?: Browser } = {};
  before(async () => {
    state.host = await startAllInOne();
    state.browser = new Browser(state.host.url);
  });
  after(async () => {
    await state.browser?.close();
    await state.host?.shutdown('test over');
  });
  return {
    get host(): EmbeddedHost {
      if (!state.host) throw new Error('the all-in-one host is not started yet');
      return state.host;
    },
    get browser(): Browser {
      if (!state.browser) throw new Error('the all-in-one host is not started yet');
      return state.browser;
    },
  };
}
