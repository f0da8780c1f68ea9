// Registry held in process for the all-in-one host. Registries that share one EmbeddedDirectory see each other,
// as processes sharing etcd do. TTLs are accepted and ignored: an instance lives exactly as long as this process
// or until its registration is closed, so there is nothing to expire.
import { stderrLog, type PlatformLog } from '../observability/index.ts';
import {
  byId,
  checkInstance,
  checkServiceName,
  copyInstance,
  RegistryClosedError,
  type Registration,
  type Registry,
  type ServiceInstance,
} from './port.ts';

type Listener = () => void;

interface Entry {
  instance: ServiceInstance;
  /** The registration that wrote the entry; only it may remove it, as only its lease deletes the key in etcd. */
  owner: object;
}

/** The shared table of instances; hand the same directory to every registry of one host. */
export class EmbeddedDirectory {
  private readonly services = new Map<string, Map<string, Entry>>();
  private readonly listeners = new Map<string, Set<Listener>>();

  set(instance: ServiceInstance, owner: object): void {
    const entries = this.services.get(instance.service) ?? new Map<string, Entry>();
    this.services.set(instance.service, entries);
    entries.set(instance.id, { instance, owner });
    this.changed(instance.service);
  }

  remove(instance: ServiceInstance, owner: object): void {
    const entries = this.services.get(instance.service);
    if (entries?.get(instance.id)?.owner !== owner) return;
    entries.delete(instance.id);
    this.changed(instance.service);
  }

  list(service: string): ServiceInstance[] {
    return [...(this.services.get(service)?.values() ?? [])].map((entry) => copyInstance(entry.instance)).sort(byId);
  }

  listen(service: string, listener: Listener): () => void {
    const listeners = this.listeners.get(service) ?? new Set<Listener>();
    this.listeners.set(service, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Listeners run on a later microtask, as a network watch would, so a register() never calls back into its caller. */
  private changed(service: string): void {
    for (const listener of this.listeners.get(service) ?? []) queueMicrotask(listener);
  }
}

class EmbeddedRegistration implements Registration {
  private closed = false;

  constructor(
    readonly instance: ServiceInstance,
    private readonly directory: EmbeddedDirectory,
    private readonly onClose: (registration: EmbeddedRegistration) => void,
  ) {
    directory.set(instance, this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.directory.remove(this.instance, this);
    this.onClose(this);
  }
}

export interface EmbeddedRegistryOptions {
  /** Shared by every registry of one host; default a directory of this registry's own. */
  directory?: EmbeddedDirectory;
  log?: PlatformLog;
}

export class EmbeddedRegistry implements Registry {
  private readonly registrations = new Set<EmbeddedRegistration>();
  private readonly watches = new Set<() => Promise<void>>();
  private readonly directory: EmbeddedDirectory;
  private readonly log: PlatformLog;
  private closed = false;

  constructor(options: EmbeddedRegistryOptions = {}) {
    this.directory = options.directory ?? new EmbeddedDirectory();
    this.log = options.log ?? stderrLog;
  }

  async register(instance: ServiceInstance, _opts?: { ttlSeconds?: number }): Promise<Registration> {
    this.checkOpen();
    checkInstance(instance);
    const registration = new EmbeddedRegistration(copyInstance(instance), this.directory, (closed) => this.registrations.delete(closed));
    this.registrations.add(registration);
    return registration;
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    this.checkOpen();
    checkServiceName(service);
    return this.directory.list(service);
  }

  async watch(service: string, onChange: (instances: ServiceInstance[]) => void): Promise<() => Promise<void>> {
    this.checkOpen();
    checkServiceName(service);
    let active = true;
    let lastReported = '';
    const report = () => {
      const list = this.directory.list(service);
      const text = JSON.stringify(list);
      if (!active || text === lastReported) return;
      lastReported = text;
      try {
        onChange(list);
      } catch (err) {
        this.log('error', 'registry watch listener threw', { service, err: String(err) });
      }
    };
    const unlisten = this.directory.listen(service, report);
    report();
    const stop = async () => {
      active = false;
      unlisten();
      this.watches.delete(stop);
    };
    this.watches.add(stop);
    return stop;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.watches].map((stop) => stop()));
    await Promise.all([...this.registrations].map((registration) => registration.close()));
  }

  private checkOpen(): void {
    if (this.closed) throw new RegistryClosedError();
  }
}
