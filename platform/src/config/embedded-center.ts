// ConfigCenter held in process for the all-in-one host, with the etcd adapter's semantics: global revisions,
// JSON values, ordered watch events delivered asynchronously, a bounded history log, optional persistence to a file.
import { checkKey, ConfigCenterClosedError, encodeValue, type ConfigCenter, type ConfigChange, type ConfigEntry } from './port.ts';
import { stderrLog, type PlatformLog } from '../observability/index.ts';
import { emptyState, readCenterFile, writeCenterFile, type EmbeddedCenterState } from './embedded-center-file.ts';
import { DEFAULT_HISTORY_LIMIT, historyEntries, valueAtRevision, type LogRecord } from './revision-log.ts';

export interface EmbeddedConfigCenterOptions {
  /** JSON file that keeps the state across restarts; without it the state lives in memory only. */
  file?: string;
  /** Records kept per key in the history log. Default 100. */
  historyLimit?: number;
  log?: PlatformLog;
}

interface Subscription {
  prefix: string;
  onChange: (change: ConfigChange) => void;
  active: boolean;
}

export class EmbeddedConfigCenter implements ConfigCenter {
  private readonly subscriptions = new Set<Subscription>();
  private readonly historyLimit: number;
  private readonly log: PlatformLog;
  private saving: Promise<void> = Promise.resolve();
  private state: EmbeddedCenterState = emptyState();
  private file: string | undefined;
  private closed = false;

  /** An in-memory center; `open` gives one that loads and keeps a file. */
  constructor(options: Omit<EmbeddedConfigCenterOptions, 'file'> = {}) {
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.log = options.log ?? stderrLog;
  }

  static async open(options: EmbeddedConfigCenterOptions = {}): Promise<EmbeddedConfigCenter> {
    const center = new EmbeddedConfigCenter(options);
    if (options.file !== undefined) {
      center.state = await readCenterFile(options.file);
      center.file = options.file;
    }
    return center;
  }

  async get(key: string): Promise<ConfigEntry | undefined> {
    this.checkOpen();
    checkKey(key);
    const stored = this.state.current[key];
    return stored ? { key, value: structuredClone(stored.value), revision: stored.revision } : undefined;
  }

  async list(prefix: string): Promise<ConfigEntry[]> {
    this.checkOpen();
    return Object.keys(this.state.current)
      .filter((key) => key.startsWith(prefix))
      .sort()
      .flatMap((key) => {
        const stored = this.state.current[key];
        return stored ? [{ key, value: structuredClone(stored.value), revision: stored.revision }] : [];
      });
  }

  async put(key: string, value: unknown): Promise<number> {
    this.checkOpen();
    checkKey(key);
    // A JSON round trip stores exactly what etcd would give back.
    const stored: unknown = JSON.parse(encodeValue(key, value));
    const revision = ++this.state.revision;
    this.state.current[key] = { value: stored, revision };
    this.record(key, { revision, value: stored });
    this.publish({ key, value: stored, revision });
    await this.persist();
    return revision;
  }

  async delete(key: string): Promise<void> {
    this.checkOpen();
    checkKey(key);
    if (!this.state.current[key]) return;
    const revision = ++this.state.revision;
    delete this.state.current[key];
    this.record(key, { revision, deleted: true });
    this.publish({ key, value: undefined, revision });
    await this.persist();
  }

  async watch(prefix: string, onChange: (change: ConfigChange) => void): Promise<() => Promise<void>> {
    this.checkOpen();
    const subscription: Subscription = { prefix, onChange, active: true };
    this.subscriptions.add(subscription);
    return async () => {
      subscription.active = false;
      this.subscriptions.delete(subscription);
    };
  }

  async history(key: string, limit?: number): Promise<ConfigEntry[]> {
    this.checkOpen();
    checkKey(key);
    return historyEntries(key, this.state.logs[key] ?? [], limit).map((entry) => ({ ...entry, value: structuredClone(entry.value) }));
  }

  async rollback(key: string, revision: number): Promise<number> {
    this.checkOpen();
    checkKey(key);
    return this.put(key, valueAtRevision(key, this.state.logs[key] ?? [], revision));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.active = false;
    this.subscriptions.clear();
    await this.saving;
  }

  private checkOpen(): void {
    if (this.closed) throw new ConfigCenterClosedError();
  }

  private record(key: string, record: LogRecord): void {
    const log = [record, ...(this.state.logs[key] ?? [])];
    this.state.logs[key] = log.slice(0, this.historyLimit);
  }

  /** Delivers on a later microtask, as a network watch would; queued in order, so delivered in order. */
  private publish(change: ConfigChange): void {
    for (const subscription of this.subscriptions) {
      if (!change.key.startsWith(subscription.prefix)) continue;
      const copy = { ...change, value: structuredClone(change.value) };
      queueMicrotask(() => this.deliver(subscription, copy));
    }
  }

  private deliver(subscription: Subscription, change: ConfigChange): void {
    if (!subscription.active) return;
    try {
      subscription.onChange(change);
    } catch (err) {
      this.log('error', 'config watch listener threw', { prefix: subscription.prefix, key: change.key, err: String(err) });
    }
  }

  /** Saves are chained so the file always ends with the latest state. */
  private persist(): Promise<void> {
    const file = this.file;
    if (file === undefined) return Promise.resolve();
    const snapshot = structuredClone(this.state);
    // Runs after the previous save whatever its outcome: that outcome already went to the write that caused it.
    const save = () => writeCenterFile(file, snapshot);
    this.saving = this.saving.then(save, save);
    return this.saving;
  }
}
