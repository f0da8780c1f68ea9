// A lock held in etcd: a key bound to a lease of its own, with no keep-alive, so it lapses after its ttl
// unless extended. Revoking that lease frees the key only while it is still bound to it, never a successor's.
import type { Lease, Namespace } from 'etcd3';
import type * as Etcd3Module from 'etcd3';
import { lazyModule } from '../lazy/index.ts';
import { assertTtlMs } from './options.ts';
import type { Lock } from './port.ts';

const etcd3 = lazyModule<typeof Etcd3Module>('etcd3');

/** etcd leases count whole seconds (and the server raises anything shorter to its minimum, 2 s by default). */
export function leaseSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

export class EtcdLock implements Lock {
  private released = false;
  /** extend and release run one at a time: a release racing a lease move could otherwise miss the key. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ns: Namespace,
    readonly name: string,
    private readonly key: string,
    private readonly owner: string,
    private lease: Lease,
    private seconds: number,
    readonly token: number,
  ) {}

  async extend(ttlMs: number): Promise<boolean> {
    assertTtlMs(ttlMs);
    return this.serially(() => this.extendNow(leaseSeconds(ttlMs)));
  }

  release(): Promise<void> {
    return this.serially(() => this.releaseNow());
  }

  private async extendNow(seconds: number): Promise<boolean> {
    if (this.released) return false;
    return seconds === this.seconds ? this.keepAlive() : this.moveToNewLease(seconds);
  }

  private async keepAlive(): Promise<boolean> {
    try {
      await this.lease.keepaliveOnce();
    } catch (err) {
      if (err instanceof etcd3().EtcdLeaseInvalidError) return false;
      throw err;
    }
    // A live lease proves the key unless someone deleted it by hand; the owner value settles it.
    return (await this.ns.get(this.key).string()) === this.owner;
  }

  /** A lease's TTL is fixed at grant, so a different ttl means rebinding the key to a new lease. */
  private async moveToNewLease(seconds: number): Promise<boolean> {
    const next = this.ns.lease(seconds, { autoKeepAlive: false });
    const id = await next.grant();
    const moved = await this.ns.if(this.key, 'Value', '==', this.owner).then(this.ns.put(this.key).value(this.owner).lease(id)).commit();
    if (!moved.succeeded) {
      await next.revoke();
      return false;
    }
    const previous = this.lease;
    this.lease = next;
    this.seconds = seconds;
    await previous.revoke();
    return true;
  }

  private async releaseNow(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.lease.revoke();
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.queue.then(step);
    // The queue only orders the steps; each step's outcome reaches its own caller through `result`.
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
