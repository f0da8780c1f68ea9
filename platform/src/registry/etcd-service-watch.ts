// Follows one service's instances in etcd: an initial read, then a watch from just after it.
// etcd3 resumes a dropped watch stream by itself; after such a reconnect, and when etcd cancels the watch,
// we read the whole list again (resync) so the list we hand out never drifts from etcd.
import { once } from 'node:events';
import type { IKeyValue, Namespace, Watcher } from 'etcd3';
import type { PlatformLog } from '../observability/index.ts';
import { parseInstanceRecord } from './etcd-instance-record.ts';
import { byId, type ServiceInstance } from './port.ts';

const RESTART_DELAY_MS = 500;

interface InstanceEvent {
  id: string;
  instance: ServiceInstance | undefined;
  revision: number;
}

export class EtcdServiceWatch {
  private instances = new Map<string, ServiceInstance>();
  private watcher: Watcher | undefined;
  /** Revision of the last full read; events at or before it are already in `instances`. */
  private readRevision = 0;
  private resyncing = false;
  private held: InstanceEvent[] = [];
  private disconnected = false;
  private lastReported: string | undefined;
  private closed = false;

  constructor(
    private readonly ns: Namespace,
    private readonly service: string,
    private readonly onChange: (instances: ServiceInstance[]) => void,
    private readonly log: PlatformLog,
  ) {}

  async start(): Promise<void> {
    const revision = await this.readAll();
    this.watcher = await this.open(revision + 1);
    this.report();
  }

  async cancel(): Promise<void> {
    this.closed = true;
    await this.watcher?.cancel();
  }

  private async readAll(): Promise<number> {
    const res = await this.ns.getAll().exec();
    const instances = new Map<string, ServiceInstance>();
    for (const kv of res.kvs) {
      const instance = parseInstanceRecord(kv, this.log);
      if (instance) instances.set(kv.key.toString('utf8'), instance);
    }
    this.instances = instances;
    this.readRevision = Number(res.header.revision);
    return this.readRevision;
  }

  private async open(startRevision: number): Promise<Watcher> {
    const watcher = this.ns.watch().prefix('').startRevision(String(startRevision)).watcher();
    const onEvent = (kv: IKeyValue, instance: ServiceInstance | undefined) =>
      this.receive({ id: kv.key.toString('utf8'), instance, revision: Number(kv.mod_revision) });
    watcher.on('put', (kv: IKeyValue) => onEvent(kv, parseInstanceRecord(kv, this.log)));
    watcher.on('delete', (kv: IKeyValue) => onEvent(kv, undefined));
    watcher.on('disconnected', () => {
      this.disconnected = true;
    });
    watcher.on('connected', () => {
      if (!this.disconnected) return;
      this.disconnected = false;
      void this.resync();
    });
    watcher.on('error', (err: Error) => void this.restart(watcher, err));
    await once(watcher, 'connected');
    return watcher;
  }

  private receive(event: InstanceEvent): void {
    if (this.resyncing) {
      this.held.push(event);
      return;
    }
    this.apply(event);
    this.report();
  }

  private apply(event: InstanceEvent): void {
    if (event.revision <= this.readRevision) return;
    if (event.instance) this.instances.set(event.id, event.instance);
    else this.instances.delete(event.id);
  }

  /** After a reconnect: read everything again; events arriving meanwhile are held and applied on top. */
  private async resync(): Promise<void> {
    if (this.resyncing || this.closed) return;
    this.resyncing = true;
    try {
      await this.readAll();
    } catch (err) {
      // The resumed watch keeps delivering changes, so the list stays right unless events were lost; the next reconnect reads again.
      this.log('warn', 'registry resync read failed', { service: this.service, err: String(err) });
    } finally {
      this.resyncing = false;
      const held = this.held;
      this.held = [];
      for (const event of held) this.apply(event);
      this.report();
    }
  }

  /** etcd cancelled the watch (e.g. its start revision was compacted away): read again and watch anew. */
  private async restart(broken: Watcher, reason: Error): Promise<void> {
    if (this.closed || broken !== this.watcher) return;
    this.log('warn', 'registry watch cancelled by etcd, restarting', { service: this.service, reason: reason.message });
    this.watcher = undefined;
    while (!this.closed) {
      try {
        const revision = await this.readAll();
        this.watcher = await this.open(revision + 1);
        if (this.closed) await this.watcher.cancel();
        this.report();
        return;
      } catch (err) {
        this.log('warn', 'registry watch restart failed, retrying', { service: this.service, err: String(err) });
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  /** Hands out the list only when it differs from the last one handed out. */
  private report(): void {
    if (this.closed) return;
    const list = [...this.instances.values()].sort(byId);
    const text = JSON.stringify(list);
    if (text === this.lastReported) return;
    this.lastReported = text;
    try {
      this.onChange(JSON.parse(text) as ServiceInstance[]);
    } catch (err) {
      this.log('error', 'registry watch listener threw', { service: this.service, err: String(err) });
    }
  }
}
