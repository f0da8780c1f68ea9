// The cluster launcher: starts real processes, N instances per service, each on a free port with
// env pointing at the real servers, its log lines prefixed by instance, and stops or kills them on demand.
// An instance reports that it serves over the IPC channel (see runInstance), not through its logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const processMain = fileURLToPath(new URL('./process-main.ts', import.meta.url));
// Under tsx the instances load TypeScript through its loader too; compiled (scripts/build.mjs rewrites the path above
// to process-main.js), they run plain node.
const nodeArgs = processMain.endsWith('.ts') ? ['--import', 'tsx'] : [];

export interface ServiceSpec {
  service: string;
  /** Path of the module whose default export is the service definition. */
  module: string;
  instances: number;
  env?: Record<string, string>;
}

export interface LaunchedInstance {
  service: string;
  id: string;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface LaunchOptions {
  /** Extra env for every instance (server addresses, log level). */
  env?: Record<string, string>;
  /** Where prefixed log lines go; default stdout. Return false to drop. */
  onLine?: (prefix: string, line: string) => void;
  /** How long an instance may take to report ready, ms. */
  readyTimeoutMs?: number;
}

export class Cluster {
  private readonly running: LaunchedInstance[] = [];
  private counters = new Map<string, number>();

  constructor(private readonly opts: LaunchOptions = {}) {}

  static async launch(specs: ServiceSpec[], opts: LaunchOptions = {}): Promise<Cluster> {
    const cluster = new Cluster(opts);
    try {
      for (const spec of specs) {
        await Promise.all(Array.from({ length: spec.instances }, () => cluster.start(spec)));
      }
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  instances(service?: string): LaunchedInstance[] {
    return this.running.filter((i) => service === undefined || i.service === service);
  }

  /** Starts one more instance of a service and resolves once it serves and is registered. */
  async start(spec: Omit<ServiceSpec, 'instances'>): Promise<LaunchedInstance> {
    const n = (this.counters.get(spec.service) ?? 0) + 1;
    this.counters.set(spec.service, n);
    const id = `${spec.service}-${n}-${process.pid}`;
    const child = spawn(process.execPath, [...nodeArgs, processMain, spec.module], {
      env: { ...process.env, ...this.opts.env, ...spec.env, MALL_INSTANCE_ID: id, PORT: spec.env?.PORT ?? '0', MALL_MODE: 'real' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const prefix = `[${spec.service}#${n}]`;
    const emit = this.opts.onLine ?? ((p: string, line: string) => process.stdout.write(`${p} ${line}\n`));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${id} did not become ready in time`)), this.opts.readyTimeoutMs ?? 30_000);
      child.on('message', (message: { type?: string; url?: string }) => {
        if (message?.type === 'instance-ready' && message.url) {
          clearTimeout(timer);
          resolve(message.url);
        }
      });
      createInterface({ input: child.stdout! }).on('line', (line) => emit(prefix, line));
      createInterface({ input: child.stderr! }).on('line', (line) => emit(prefix, line));
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${id} exited with code ${code} before it was ready`));
      });
    });
    const instance: LaunchedInstance = { service: spec.service, id, url, child, exited };
    this.running.push(instance);
    void exited.then(() => {
      const i = this.running.indexOf(instance);
      if (i >= 0) this.running.splice(i, 1);
    });
    return instance;
  }

  /** SIGKILL: the instance dies without deregistering, as in a crash. */
  async kill(instance: LaunchedInstance): Promise<void> {
    instance.child.kill('SIGKILL');
    await instance.exited;
  }

  /** SIGTERM: graceful shutdown. */
  async terminate(instance: LaunchedInstance): Promise<number | null> {
    instance.child.kill('SIGTERM');
    return instance.exited;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running].map((i) => this.terminate(i)));
  }
}
