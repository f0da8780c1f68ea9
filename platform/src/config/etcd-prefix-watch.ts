// Watches one key prefix of the etcd config namespace and reports each change once, in revision order.
// etcd3 resumes a dropped stream by itself; when a watch is cancelled (e.g. its revision was compacted) we resync from a fresh read.
import { once } from 'node:events';
import type { IKeyValue, Namespace, Watcher } from 'etcd3';
import type { PlatformLog } from '../observability/index.ts';
import type { ConfigChange } from './port.ts';

const RESYNC_DELAY_MS = 500;

/** Decodes a stored document; a value typed by hand with etcdctl that is not JSON is read as its raw text. */
export function decodeDocument(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return text;
    throw err;
  }
}

interface Seen {
  revision: number;
  present: boolean;
}

export class EtcdPrefixWatch {
  private watcher: Watcher | undefined;
  private closed = false;
  /** Last revision reported per key, so a resync reports only what really changed. */
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly ns: Namespace,
    private readonly prefix: string,
    private readonly onChange: (change: ConfigChange) => void,
    private readonly log: PlatformLog,
  ) {}

  async start(): Promise<void> {
    const revision = await this.snapshot(false);
    this.watcher = await this.open(revision + 1);
  }

  async cancel(): Promise<void> {
    this.closed = true;
    await this.watcher?.cancel();
  }

  /**
   * Reads the prefix and resolves to the read's revision. With `announce`, keys that changed since last
   * seen are reported; without, the read only sets the baseline (a watch reports later changes only).
   */
  private async snapshot(announce: boolean): Promise<number> {
    const res = await this.ns.getAll().prefix(this.prefix).exec();
    const revision = Number(res.header.revision);
    const present = new Set<string>();
    for (const kv of res.kvs) {
      const key = kv.key.toString('utf8');
      present.add(key);
      if (announce) this.report(key, decodeDocument(kv.value), Number(kv.mod_revision));
      else this.seen.set(key, { revision: Number(kv.mod_revision), present: true });
    }
    for (const [key, seen] of this.seen) {
      if (seen.present && !present.has(key)) this.report(key, undefined, revision);
    }
    return revision;
  }

  private async open(startRevision: number): Promise<Watcher> {
    const watcher = this.ns.watch().prefix(this.prefix).startRevision(String(startRevision)).watcher();
    watcher.on('put', (kv: IKeyValue) => this.report(kv.key.toString('utf8'), decodeDocument(kv.value), Number(kv.mod_revision)));
    watcher.on('delete', (kv: IKeyValue) => this.report(kv.key.toString('utf8'), undefined, Number(kv.mod_revision)));
    watcher.on('error', (err: Error) => void this.resync(watcher, err));
    await once(watcher, 'connected');
    return watcher;
  }

  private report(key: string, value: unknown, revision: number): void {
    const seen = this.seen.get(key);
    if (this.closed || (seen && seen.revision >= revision)) return;
    this.seen.set(key, { revision, present: value !== undefined });
    if (!seen?.present && value === undefined) return;
    try {
      this.onChange({ key, value, revision });
    } catch (err) {
      this.log('error', 'config watch listener threw', { prefix: this.prefix, key, err: String(err) });
    }
  }

  /** Replaces a cancelled watcher: fresh read first, then a new watch from just after it; retries until it works or we close. */
  private async resync(broken: Watcher, reason: Error): Promise<void> {
    if (this.closed || broken !== this.watcher) return;
    this.log('warn', 'config watch cancelled by etcd, resyncing', { prefix: this.prefix, reason: reason.message });
    this.watcher = undefined;
    while (!this.closed) {
      try {
        const revision = await this.snapshot(true);
        this.watcher = await this.open(revision + 1);
        if (this.closed) await this.watcher.cancel();
        return;
      } catch (err) {
        this.log('warn', 'config watch resync failed, retrying', { prefix: this.prefix, err: String(err) });
        await new Promise((resolve) => setTimeout(resolve, RESYNC_DELAY_MS));
      }
    }
  }
}
