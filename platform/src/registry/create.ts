// Picks the Registry adapter for a run mode: etcd in the cluster, static (DNS addresses) on Kubernetes,
// embedded in the all-in-one host.
import { etcdEndpoints } from '../etcd/index.ts';
import type { PlatformLog } from '../observability/index.ts';
import { EmbeddedRegistry, type EmbeddedDirectory } from './embedded-registry.ts';
import { EtcdRegistry } from './etcd-registry.ts';
import type { Registry } from './port.ts';
import { StaticRegistry, staticServicesFromEnv, type StaticServices } from './static-registry.ts';

export interface CreateRegistryOptions {
  /** Read for MALL_ETCD_ENDPOINTS and MALL_STATIC_SERVICES; default process.env. */
  env?: Record<string, string | undefined>;
  /** etcd: overrides MALL_ETCD_ENDPOINTS. */
  endpoints?: readonly string[];
  /** etcd: key prefix, default '/mall/services/'. */
  root?: string;
  /** etcd: default lease TTL in seconds (5). */
  ttlSeconds?: number;
  /** static: overrides MALL_STATIC_SERVICES. */
  services?: StaticServices;
  /** embedded: the directory shared by the registries of one host. */
  directory?: EmbeddedDirectory;
  log?: PlatformLog;
}

export async function createRegistry(kind: 'etcd' | 'static' | 'embedded', options: CreateRegistryOptions = {}): Promise<Registry> {
  switch (kind) {
    case 'etcd':
      return new EtcdRegistry({
        endpoints: options.endpoints ?? etcdEndpoints(options.env),
        root: options.root,
        ttlSeconds: options.ttlSeconds,
        log: options.log,
      });
    case 'static':
      return new StaticRegistry(options.services ?? staticServicesFromEnv(options.env));
    case 'embedded':
      return new EmbeddedRegistry({ directory: options.directory, log: options.log });
  }
}
