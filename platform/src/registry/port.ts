// The Registry port: service instances announce themselves and callers discover and watch them.
// Adapters: etcd (leases, the cluster), static (addresses from config, e.g. Kubernetes DNS), embedded (all-in-one).

/** One running instance of a service, reachable at `url` (e.g. http://127.0.0.1:41234). */
export interface ServiceInstance {
  service: string;
  id: string;
  url: string;
  meta?: Record<string, string>;
}

/** A live registration; close() deregisters the instance. */
export interface Registration {
  readonly instance: ServiceInstance;
  close(): Promise<void>;
}

export interface Registry {
  register(instance: ServiceInstance, opts?: { ttlSeconds?: number }): Promise<Registration>;
  /** The instances of `service`, sorted by id. */
  instances(service: string): Promise<ServiceInstance[]>;
  /** Calls `onChange` with the full list (sorted by id): once before resolving, then after every change to it. */
  watch(service: string, onChange: (instances: ServiceInstance[]) => void): Promise<() => Promise<void>>;
  /** Deregisters every instance registered through this registry and stops its watches. */
  close(): Promise<void>;
}

export class RegistryClosedError extends Error {
  constructor() {
    super('registry is closed');
    this.name = 'RegistryClosedError';
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Service names and ids become key segments in etcd, so both adapters accept the same safe alphabet. */
export function checkServiceName(service: string): void {
  if (!NAME.test(service)) throw new TypeError(`service name must match ${NAME}: "${service}"`);
}

export function checkInstance(instance: ServiceInstance): void {
  checkServiceName(instance.service);
  if (!NAME.test(instance.id)) throw new TypeError(`instance id must match ${NAME}: "${instance.id}"`);
  const url = URL.canParse(instance.url) ? new URL(instance.url) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new TypeError(`instance url must be an http(s) URL: "${instance.url}"`);
}

/** A copy the caller cannot change afterwards, with only the port's fields. */
export function copyInstance(instance: ServiceInstance): ServiceInstance {
  const { service, id, url, meta } = instance;
  return meta === undefined ? { service, id, url } : { service, id, url, meta: { ...meta } };
}

export function byId(a: ServiceInstance, b: ServiceInstance): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
