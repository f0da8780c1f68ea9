// Where the etcd servers are and how we connect to them, shared by the config center, the registry and the locks.
// Endpoints come from MALL_ETCD_ENDPOINTS (comma-separated URLs) so every process finds the same cluster.
import { circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen } from 'cockatiel';
import type { Etcd3 } from 'etcd3';
import type * as Etcd3Module from 'etcd3';
import { lazyModule } from '../lazy/index.ts';

const etcd3 = lazyModule<typeof Etcd3Module>('etcd3');

export const DEFAULT_ETCD_ENDPOINT = 'http://127.0.0.1:2379';

/** The etcd endpoints named by MALL_ETCD_ENDPOINTS, or the loopback default. */
export function etcdEndpoints(env: Record<string, string | undefined> = process.env): string[] {
  const listed = (env.MALL_ETCD_ENDPOINTS ?? '')
    .split(',')
    .map((endpoint) => endpoint.trim())
    .filter((endpoint) => endpoint.length > 0);
  return listed.length > 0 ? listed : [DEFAULT_ETCD_ENDPOINT];
}

/**
 * A client for `endpoints`. Tuned so that we are back soon after etcd returns: a host that failed is tried again
 * after 1 s (etcd3's default waits 5 s), and watch reconnects back off to at most 2 s (default 30 s). Soon matters:
 * a registration whose lease was lost must be written again before etcd expires the old lease it restored.
 */
export function connectEtcd(endpoints: readonly string[]): Etcd3 {
  const { Etcd3, isRecoverableError } = etcd3();
  return new Etcd3({
    hosts: [...endpoints],
    dialTimeout: 3000,
    faultHandling: {
      host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
      // etcd3 declares an IBackoff here and calls next() on it to (re)start, so hand it the first step.
      watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }).next(),
    },
  });
}
