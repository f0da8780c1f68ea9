// The keys that exist, as a Bloom filter rebuilt from the loader's list of ids: a key it has certainly never
// seen is answered "absent" without a Redis or SQL round trip (cache penetration by made-up ids).
import { BloomFilter } from './bloom-filter.ts';

export interface KnownKeysOptions {
  /** Every key that exists now (the loader's list of ids), read at the first lookup and at every rebuild. */
  list(): Promise<Iterable<string>>;
  /** Sizes the filter; default: twice the listed count, at least 1024, so additions keep the rate. */
  expectedItems?: number;
  /** Default 0.01. */
  falsePositiveRate?: number;
  /**
   * The filter is read again from the list this often (default 5 min): the catch-up for additions an instance did not
   * hear (the broker away). 0 turns it off; the service can still call rebuild.
   */
  refreshMs?: number;
}

export class KnownKeys {
  private filter: BloomFilter | undefined;
  private building: Promise<void> | undefined;
  /** A lookup triggers the first build only: after a failed one, lookups pass until the next rebuild() instead of retrying per read. */
  private firstBuild: Promise<void> | undefined;
  /** Keys added while a rebuild reads the list: its snapshot may predate them, so they join the new filter. */
  private addedDuringBuild: string[] | undefined;

  constructor(
    private readonly opts: KnownKeysOptions,
    private readonly onBuildFailed: (err: unknown) => void,
  ) {}

  /** False only when the key certainly does not exist. Before the first build succeeds every key may exist (fail open). */
  mightExist(key: string): boolean | Promise<boolean> {
    if (this.filter) return this.filter.mightContain(key);
    return (this.firstBuild ??= this.rebuild()).then(() => this.filter?.mightContain(key) ?? true);
  }

  /** A key that now exists (a product just created): it is never refused again, even during a rebuild. */
  add(key: string): void {
    this.filter?.add(key);
    this.addedDuringBuild?.push(key);
  }

  /** Reads the list again and swaps in a new filter; concurrent calls share one build. A failed build keeps the old filter. */
  rebuild(): Promise<void> {
    return (this.building ??= this.build().finally(() => (this.building = undefined)));
  }

  private async build(): Promise<void> {
    const added: string[] = [];
    this.addedDuringBuild = added;
    try {
      const keys = [...(await this.opts.list())];
      const filter = new BloomFilter(this.opts.expectedItems ?? Math.max(1024, keys.length * 2), this.opts.falsePositiveRate ?? 0.01);
      for (const key of keys) filter.add(key);
      for (const key of added) filter.add(key);
      this.filter = filter;
    } catch (err) {
      this.onBuildFailed(err);
    } finally {
      this.addedDuringBuild = undefined;
    }
  }
}
