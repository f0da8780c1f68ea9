// npm run ops: Prometheus and Alertmanager beside the cluster mode (Debian's `prometheus` and
// `prometheus-alertmanager`, installed when missing). Prometheus finds every instance through the registry: this
// process watches etcd and writes one file-based discovery file per service, which Prometheus re-reads by itself,
// so a new instance is scraped without a restart. Ctrl-C stops all three.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, type Registry, type ServiceInstance } from '@mall/platform/registry';

const opsDir = fileURLToPath(new URL('../ops/', import.meta.url));

export interface OpsOptions {
  /** Where the rendered configuration, the discovery files and the stores go. */
  dir: string;
  services: string[];
  prometheusPort?: number;
  alertmanagerPort?: number;
  /** host:port of the SMTP server alerts are mailed through, and to whom. */
  smtp?: string;
  mailTo?: string;
  /** How often Prometheus scrapes and evaluates rules (default 15s). */
  interval?: string;
  env?: Record<string, string | undefined>;
}

export interface Ops {
  prometheusUrl: string;
  alertmanagerUrl: string;
  stop(): Promise<void>;
}

/** How long an instance that left the registry stays a target (scraped as down), so a stopped service alerts. */
const DEPARTED_RETENTION_MS = 15 * 60_000;

/**
 * The Prometheus targets of one service, as file-based discovery reads them: `job` is the service; an instance
 * that left the registry within the retention is still listed, with `registered="false"`.
 */
export function discoveryFile(service: string, current: ServiceInstance[], departed: ServiceInstance[] = []): string {
  const group = (i: ServiceInstance, registered: boolean) => ({
    targets: [new URL(i.url).host],
    labels: { job: service, instance_id: i.id, registered: String(registered) },
  });
  return `${JSON.stringify([...current.map((i) => group(i, true)), ...departed.map((i) => group(i, false))], null, 2)}\n`;
}

export async function renderConfigs(opts: OpsOptions): Promise<{ prometheus: string; alertmanager: string }> {
  const dir = resolve(opts.dir);
  const interval = opts.interval ?? '15s';
  const prometheus = (await readFile(join(opsDir, 'prometheus/prometheus.yml'), 'utf8'))
    .replaceAll('${INTERVAL}', interval)
    .replaceAll('${RULES}', join(opsDir, 'prometheus/rules'))
    .replaceAll('${TARGETS}', join(dir, 'targets'))
    .replaceAll('${ALERTMANAGER}', `127.0.0.1:${opts.alertmanagerPort ?? 9093}`);
  const alertmanager = (await readFile(join(opsDir, 'alertmanager/alertmanager.yml'), 'utf8'))
    .replaceAll('${SMTP}', opts.smtp ?? '127.0.0.1:25')
    .replaceAll('${MAIL_TO}', opts.mailTo ?? 'ops@mall.local');
  return { prometheus, alertmanager };
}

/** Installs the Debian packages when a binary is missing (as scripts/servers.sh does for the servers). */
export function ensureInstalled(): void {
  if (commandExists('prometheus') && commandExists('prometheus-alertmanager')) return;
  console.log('ops: installing prometheus and prometheus-alertmanager from Debian');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'prometheus', 'prometheus-alertmanager'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export async function startOps(opts: OpsOptions): Promise<Ops> {
  ensureInstalled();
  const dir = resolve(opts.dir);
  const prometheusPort = opts.prometheusPort ?? 9090;
  const alertmanagerPort = opts.alertmanagerPort ?? 9093;
  await mkdir(join(dir, 'targets'), { recursive: true });
  const configs = await renderConfigs(opts);
  await writeFile(join(dir, 'prometheus.yml'), configs.prometheus);
  await writeFile(join(dir, 'alertmanager.yml'), configs.alertmanager);

  const registry = await createRegistry((opts.env?.MALL_REGISTRY as 'etcd' | 'static' | undefined) ?? 'etcd', {
    env: opts.env ?? process.env,
  });
  const unwatch: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.allSettled(unwatch.map((u) => u()));
    await registry.close();
    await Promise.all(children.map(stopChild));
  };
  try {
    for (const service of opts.services) unwatch.push(await watchService(registry, service, join(dir, 'targets')));
    children.push(
      run('prometheus-alertmanager', [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        '--cluster.listen-address=',
      ]),
      run('prometheus', [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--web.enable-lifecycle',
      ]),
    );
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    await Promise.all([waitReady(`${prometheusUrl}/-/ready`, children[1]!), waitReady(`${alertmanagerUrl}/-/ready`, children[0]!)]);
    return { prometheusUrl, alertmanagerUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function watchService(registry: Registry, service: string, targets: string): Promise<() => Promise<void>> {
  const file = join(targets, `${service}.json`);
  let current: ServiceInstance[] = [];
  const departed = new Map<string, { instance: ServiceInstance; at: number }>();
  let writing = Promise.resolve();
  const write = () => {
    const now = Date.now();
    for (const [id, d] of departed) if (now - d.at > DEPARTED_RETENTION_MS || current.some((i) => i.id === id)) departed.delete(id);
    const content = discoveryFile(
      service,
      current,
      [...departed.values()].map((d) => d.instance),
    );
    // Written beside and renamed, so Prometheus never reads half a file; in order, so the last list wins.
    writing = writing.then(async () => {
      await writeFile(`${file}.tmp`, content);
      await rename(`${file}.tmp`, file);
    });
  };
  const unwatch = await registry.watch(service, (instances) => {
    for (const gone of current) if (!instances.some((i) => i.id === gone.id)) departed.set(gone.id, { instance: gone, at: Date.now() });
    current = instances;
    write();
  });
  const sweep = setInterval(write, 60_000);
  sweep.unref();
  return async () => {
    clearInterval(sweep);
    await unwatch();
    await writing;
  };
}

function run(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`ops: ${command} exited (${code ?? signal}):\n${tail.join('').slice(-4000)}`);
  });
  return child;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not ready within 60 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { modules } = await import('./services.ts');
  const env = process.env;
  const ops = await startOps({
    dir: join(env.MALL_DATA_DIR ?? './data', 'ops'),
    services: Object.keys(modules),
    prometheusPort: Number(env.MALL_PROMETHEUS_PORT ?? 9090),
    alertmanagerPort: Number(env.MALL_ALERTMANAGER_PORT ?? 9093),
    smtp: env.MALL_ALERT_SMTP ?? '127.0.0.1:25',
    mailTo: env.MALL_ALERT_MAIL_TO ?? 'ops@mall.local',
    env,
  });
  console.log(`ops: Prometheus at ${ops.prometheusUrl}, Alertmanager at ${ops.alertmanagerUrl}; scraping every instance in the registry`);
  let stopping: Promise<void> | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void (stopping ??= ops.stop().then(() => process.exit(0))));
  if (!existsSync(join(opsDir, 'prometheus/rules'))) console.warn('ops: the rules folder is missing');
}
