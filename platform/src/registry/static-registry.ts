// Registry over a fixed address book from configuration, e.g. Kubernetes service DNS names:
// { catalog: ['http://catalog.mall.svc:8080'] }. The platform (Kubernetes) registers instances, so register() only
// hands back a Registration; the list never changes, so watch() reports it once.
import {
  checkInstance,
  checkServiceName,
  copyInstance,
  RegistryClosedError,
  type Registration,
  type Registry,
  type ServiceInstance,
} from './port.ts';

/** Addresses per service; an address without a scheme ('catalog:8080') means http. */
export type StaticServices = Record<string, readonly string[]>;

function toUrl(address: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
}

/** Ids are the address's host and port, so they stay stable across restarts and readable in logs. */
function toInstance(service: string, address: string): ServiceInstance {
  const url = toUrl(address.trim());
  const parsed = new URL(url);
  const instance = { service, id: parsed.host.replace(/[^A-Za-z0-9._-]/g, '_'), url };
  checkInstance(instance);
  return instance;
}

export class StaticRegistry implements Registry {
  private readonly services: ReadonlyMap<string, ServiceInstance[]>;
  private closed = false;

  constructor(services: StaticServices) {
    this.services = new Map(
      Object.entries(services).map(([service, addresses]) => {
        checkServiceName(service);
        return [service, addresses.map((address) => toInstance(service, address))];
      }),
    );
  }

  async register(instance: ServiceInstance, _opts?: { ttlSeconds?: number }): Promise<Registration> {
    this.checkOpen();
    checkInstance(instance);
    return { instance: copyInstance(instance), close: async () => undefined };
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    this.checkOpen();
    checkServiceName(service);
    return (this.services.get(service) ?? []).map(copyInstance);
  }

  async watch(service: string, onChange: (instances: ServiceInstance[]) => void): Promise<() => Promise<void>> {
    onChange(await this.instances(service));
    return async () => undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new RegistryClosedError();
  }
}

/** Parses MALL_STATIC_SERVICES: JSON, e.g. {"catalog":["http://catalog:8080"],"cart":["cart:8080"]}. */
export function staticServicesFromEnv(env: Record<string, string | undefined> = process.env): StaticServices {
  const text = env.MALL_STATIC_SERVICES;
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`MALL_STATIC_SERVICES is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((addresses) => Array.isArray(addresses) && addresses.every((address) => typeof address === 'string'));
  if (!valid) throw new Error('MALL_STATIC_SERVICES must be a JSON object of service name to an array of address strings');
  return parsed as StaticServices;
}
