// One instance kept registered in etcd: its key is bound to a lease that etcd3 keeps alive. When the lease is lost
// (revoked, expired, or etcd gone and back) the registration grants a new lease and writes the key again, until closed.
import type { Etcd3, Lease } from 'etcd3';
import type { PlatformLog } from '../observability/index.ts';
import type { Registration, ServiceInstance } from './port.ts';

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 1000;

export class EtcdRegistration implements Registration {
  private lease: Lease | undefined;
  private renewing: Promise<void> | undefined;
  /** Losses before the first registration succeeded are the caller's failure, not ours to repair. */
  private started = false;
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    private readonly key: string,
    readonly instance: ServiceInstance,
    private readonly ttlSeconds: number,
    private readonly log: PlatformLog,
    private readonly onClose: (registration: EtcdRegistration) => void,
  ) {}

  /** Registers now; a failure here goes to the caller, later losses are repaired in the background. */
  static async start(
    client: Etcd3,
    key: string,
    instance: ServiceInstance,
    ttlSeconds: number,
    log: PlatformLog,
    onClose: (registration: EtcdRegistration) => void,
  ): Promise<EtcdRegistration> {
    const registration = new EtcdRegistration(client, key, instance, ttlSeconds, log, onClose);
    await registration.attach();
    registration.started = true;
    return registration;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    await this.renewing;
    await this.revoke(this.lease);
  }

  /** Grants a lease and writes the key under it. */
  private async attach(): Promise<void> {
    const lease = this.client.lease(this.ttlSeconds);
    this.lease = lease;
    lease.on('lost', (err) => this.onLost(lease, err));
    try {
      await lease.put(this.key).value(JSON.stringify(this.instance));
    } catch (err) {
      await this.revoke(lease);
      throw err;
    }
  }

  private onLost(lease: Lease, err: Error): void {
    if (!this.started || this.closed || lease !== this.lease || this.renewing) return;
    this.log('warn', 'registry lease lost, registering again', { key: this.key, reason: err.message });
    this.renewing = this.renew().finally(() => {
      this.renewing = undefined;
    });
  }

  private async renew(): Promise<void> {
    let delay = RETRY_MIN_MS;
    while (!this.closed) {
      try {
        await this.attach();
        this.log('info', 'registered again', { key: this.key });
        return;
      } catch (err) {
        this.log('warn', 'registering again failed, will retry', { key: this.key, err: String(err), retryInMs: delay });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  /** Revoking deletes the key at once; if etcd is unreachable the lease simply runs out after its TTL. */
  private async revoke(lease: Lease | undefined): Promise<void> {
    if (!lease) return;
    try {
      await lease.revoke();
    } catch (err) {
      lease.release();
      this.log('warn', 'could not revoke registry lease; the key expires with its TTL', { key: this.key, err: String(err) });
    }
  }
}
