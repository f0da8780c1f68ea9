// Public entry of @mall/platform/registry: the Registry port (service discovery) and its adapters:
// etcd (leases + watch, the cluster), static (addresses from config, Kubernetes DNS) and embedded (all-in-one).
export type { Registration, Registry, ServiceInstance } from './port.ts';
export { RegistryClosedError } from './port.ts';
export { EtcdRegistry, DEFAULT_TTL_SECONDS, type EtcdRegistryOptions } from './etcd-registry.ts';
export { EmbeddedDirectory, EmbeddedRegistry, type EmbeddedRegistryOptions } from './embedded-registry.ts';
export { StaticRegistry, staticServicesFromEnv, type StaticServices } from './static-registry.ts';
export { createRegistry, type CreateRegistryOptions } from './create.ts';
