// Where the etcd servers are and how we connect to them, shared by the config center and the registry.
// Endpoints come from MALL_ETCD_ENDPOINTS (comma-separated URLs) so every process finds the same cluster.
import { ExponentialBackoff } from 'cockatiel';
import { Etcd3 } from 'etcd3';

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
 * A client for `endpoints`. A short dial timeout makes an absent server fail a call instead of hanging it; watch
 * reconnects back off to at most 2 s (etcd3's default grows to 30 s), so watches resume soon after etcd returns.
 */
export function connectEtcd(endpoints: readonly string[]): Etcd3 {
  return new Etcd3({
    hosts: [...endpoints],
    dialTimeout: 3000,
    // etcd3 declares an IBackoff here and calls next() on it to (re)start, so hand it the first step.
    faultHandling: { watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }).next() },
  });
}
