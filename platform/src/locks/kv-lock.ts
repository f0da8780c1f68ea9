// A lock held over the Kv port: its key holds a random owner value, so extend and release act only
// while that value is still there (compare-and-expire, compare-and-delete) and never touch a successor's lock.
import type { Kv } from '../kv/index.ts';
import { compareAndDelete, compareAndExpire } from '../kv/index.ts';
import { assertTtlMs } from './options.ts';
import type { Lock } from './port.ts';

export class KvLock implements Lock {
  constructor(
    private readonly kv: Kv,
    readonly name: string,
    private readonly key: string,
    private readonly owner: string,
    readonly token: number,
  ) {}

  async extend(ttlMs: number): Promise<boolean> {
    assertTtlMs(ttlMs);
    return (await this.kv.run(compareAndExpire, [this.key], [this.owner, ttlMs])) === 1;
  }

  async release(): Promise<void> {
    await this.kv.run(compareAndDelete, [this.key], [this.owner]);
  }
}
