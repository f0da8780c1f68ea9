// Registry on etcd: each instance is a key /mall/services/<service>/<id> bound to a kept-alive lease (TTL 5 s by
// default), so a crashed process disappears by itself; discovery is a read plus a watch on the service's prefix.
import type { Etcd3 } from 'etcd3';
import { connectEtcd, etcdEndpoints } from '../etcd/index.ts';
import { stderrLog, type PlatformLog } from '../observability/index.ts';
import { DEFAULT_SERVICES_ROOT, parseInstanceRecord, servicePrefix } from './etcd-instance-record.ts';
import { EtcdRegistration } from './etcd-registration.ts';
import { EtcdServiceWatch } from './etcd-service-watch.ts';
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

export const DEFAULT_TTL_SECONDS = 5;

export interface EtcdRegistryOptions {
  /** A shared client; close() leaves it open. Without it the registry connects to `endpoints` and owns that client. */
  client?: Etcd3;
  /** Defaults to MALL_ETCD_ENDPOINTS. */
  endpoints?: readonly string[];
  /** Key prefix, ending with '/'. Default '/mall/services/'. */
  root?: string;
  /** Lease TTL when register() is not given one. Default 5 s. */
  ttlSeconds?: number;
  log?: PlatformLog;
}

export class EtcdRegistry implements Registry {
  private readonly client: Etcd3;
  private readonly ownsClient: boolean;
  private readonly root: string;
  private readonly ttlSeconds: number;
  private readonly log: PlatformLog;
  private readonly registrations = new Set<EtcdRegistration>();
  private readonly watches = new Set<EtcdServiceWatch>();
  private closed = false;

  constructor(options: EtcdRegistryOptions = {}) {
    this.root = options.root ?? DEFAULT_SERVICES_ROOT;
    if (!this.root.endsWith('/')) throw new TypeError(`etcd registry root must end with '/': ${this.root}`);
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? connectEtcd(options.endpoints ?? etcdEndpoints());
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.log = options.log ?? stderrLog;
  }

  async register(instance: ServiceInstance, opts: { ttlSeconds?: number } = {}): Promise<Registration> {
    this.checkOpen();
    checkInstance(instance);
    const ttl = opts.ttlSeconds ?? this.ttlSeconds;
    const key = `${servicePrefix(this.root, instance.service)}${instance.id}`;
    const registration = await EtcdRegistration.start(this.client, key, copyInstance(instance), ttl, this.log, (closed) =>
      this.registrations.delete(closed),
    );
    this.registrations.add(registration);
    return registration;
  }

  async instances(service: string): Promise<ServiceInstance[]> {
    this.checkOpen();
    checkServiceName(service);
    const res = await this.client.getAll().prefix(servicePrefix(this.root, service)).exec();
    return res.kvs.flatMap((kv) => parseInstanceRecord(kv, this.log) ?? []).sort(byId);
  }

  async watch(service: string, onChange: (instances: ServiceInstance[]) => void): Promise<() => Promise<void>> {
    this.checkOpen();
    checkServiceName(service);
    const watch = new EtcdServiceWatch(this.client.namespace(servicePrefix(this.root, service)), service, onChange, this.log);
    await watch.start();
    this.watches.add(watch);
    return async () => {
      this.watches.delete(watch);
      await watch.cancel();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const watches = [...this.watches];
    this.watches.clear();
    await Promise.all([...watches.map((watch) => watch.cancel()), ...[...this.registrations].map((registration) => registration.close())]);
    if (this.ownsClient) this.client.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new RegistryClosedError();
  }
}
