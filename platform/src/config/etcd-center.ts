// ConfigCenter on etcd: documents as JSON under a root prefix (default /mall/config/), changes via etcd watch.
// History is an explicit log under a sibling prefix (default /mall/config-history/), written in the same
// transaction as the value, so it survives restarts and compaction; it keeps the last `historyLimit` records per key.
import { randomBytes } from 'node:crypto';
import type { Etcd3, IKeyValue, Namespace } from 'etcd3';
import { checkKey, ConfigCenterClosedError, encodeValue, type ConfigCenter, type ConfigChange, type ConfigEntry } from './port.ts';
import { stderrLog, type PlatformLog } from '../observability/index.ts';
import { connectEtcd, etcdEndpoints } from '../etcd/index.ts';
import { decodeDocument, EtcdPrefixWatch } from './etcd-prefix-watch.ts';
import { DEFAULT_HISTORY_LIMIT, historyEntries, valueAtRevision, type LogRecord } from './revision-log.ts';

export interface EtcdConfigCenterOptions {
  /** A shared client; close() leaves it open. Without it the center connects to `endpoints` and owns that client. */
  client?: Etcd3;
  /** Defaults to MALL_ETCD_ENDPOINTS. */
  endpoints?: readonly string[];
  /** Key prefix of the documents, ending with '/'. Default '/mall/config/'. */
  root?: string;
  /** Records kept per key in the history log. Default 100. */
  historyLimit?: number;
  log?: PlatformLog;
}

/** Every write of a key leaves one log record under `<encoded key>/`, encoded so 'a' never matches 'a/b'. */
function logPrefix(key: string): string {
  return `${encodeURIComponent(key)}/`;
}

function logKey(key: string): string {
  return `${logPrefix(key)}${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function toEntry(kv: IKeyValue): ConfigEntry {
  return { key: kv.key.toString('utf8'), value: decodeDocument(kv.value), revision: Number(kv.mod_revision) };
}

function toRecord(kv: IKeyValue): LogRecord {
  const body = JSON.parse(kv.value.toString('utf8')) as { value?: unknown; deleted?: true };
  const revision = Number(kv.mod_revision);
  return body.deleted ? { revision, deleted: true } : { revision, value: body.value };
}

export class EtcdConfigCenter implements ConfigCenter {
  private readonly client: Etcd3;
  private readonly ownsClient: boolean;
  private readonly values: Namespace;
  private readonly historyLog: Namespace;
  private readonly historyLimit: number;
  private readonly log: PlatformLog;
  private readonly watches = new Set<EtcdPrefixWatch>();
  private closed = false;

  constructor(options: EtcdConfigCenterOptions = {}) {
    const root = options.root ?? '/mall/config/';
    if (!root.endsWith('/')) throw new TypeError(`etcd config root must end with '/': ${root}`);
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? connectEtcd(options.endpoints ?? etcdEndpoints());
    this.values = this.client.namespace(root);
    this.historyLog = this.client.namespace(`${root.slice(0, -1)}-history/`);
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.log = options.log ?? stderrLog;
  }

  async get(key: string): Promise<ConfigEntry | undefined> {
    this.checkOpen();
    checkKey(key);
    const res = await this.values.get(key).exec();
    const kv = res.kvs[0];
    // A single-key read comes back with the namespace prefix still on the key.
    return kv ? { ...toEntry(kv), key } : undefined;
  }

  async list(prefix: string): Promise<ConfigEntry[]> {
    this.checkOpen();
    const res = await this.values.getAll().prefix(prefix).sort('Key', 'Ascend').exec();
    return res.kvs.map(toEntry);
  }

  async put(key: string, value: unknown): Promise<number> {
    this.checkOpen();
    checkKey(key);
    const text = encodeValue(key, value);
    const res = await this.client.kv.txn({
      success: [await this.values.put(key).value(text).op(), await this.historyLog.put(logKey(key)).value(`{"value":${text}}`).op()],
    });
    await this.trimLog(key);
    return Number(res.header.revision);
  }

  async delete(key: string): Promise<void> {
    this.checkOpen();
    checkKey(key);
    // Only a delete of an existing key is a change worth a log record.
    await this.values
      .if(key, 'Create', '>', 0)
      .then(this.values.delete().key(key), this.historyLog.put(logKey(key)).value('{"deleted":true}'))
      .commit();
    await this.trimLog(key);
  }

  async watch(prefix: string, onChange: (change: ConfigChange) => void): Promise<() => Promise<void>> {
    this.checkOpen();
    const watch = new EtcdPrefixWatch(this.values, prefix, onChange, this.log);
    await watch.start();
    this.watches.add(watch);
    return async () => {
      this.watches.delete(watch);
      await watch.cancel();
    };
  }

  async history(key: string, limit?: number): Promise<ConfigEntry[]> {
    this.checkOpen();
    checkKey(key);
    return historyEntries(key, await this.readLog(key), limit);
  }

  async rollback(key: string, revision: number): Promise<number> {
    this.checkOpen();
    checkKey(key);
    const value = valueAtRevision(key, await this.readLog(key), revision);
    return this.put(key, value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const watches = [...this.watches];
    this.watches.clear();
    await Promise.all(watches.map((watch) => watch.cancel()));
    if (this.ownsClient) this.client.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new ConfigCenterClosedError();
  }

  /** The key's log, newest first. */
  private async readLog(key: string): Promise<LogRecord[]> {
    const res = await this.historyLog.getAll().prefix(logPrefix(key)).sort('Mod', 'Descend').exec();
    return res.kvs.map(toRecord);
  }

  /** Drops the oldest records beyond the limit; two writers trimming at once only delete the same keys twice. */
  private async trimLog(key: string): Promise<void> {
    const keys = await this.historyLog.getAll().prefix(logPrefix(key)).sort('Mod', 'Descend').keys();
    const excess = keys.slice(this.historyLimit);
    // etcd caps a transaction at 128 operations by default.
    for (let start = 0; start < excess.length; start += 100) {
      const batch = excess.slice(start, start + 100);
      const deletes = await Promise.all(batch.map((old) => this.historyLog.delete().key(old).op()));
      await this.client.kv.txn({ success: deletes });
    }
  }
}
