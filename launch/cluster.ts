// npm run cluster: every service as separate processes on the real servers (PostgreSQL, Redis, NATS,
// etcd), MALL_INSTANCES instances each (default 2); the gateway on PORT (default 3000). Ctrl-C, or SIGTERM to
// npm (forwarded to this process, which the script execs), stops all.
import { Cluster, type ServiceSpec } from '@mall/platform/runtime';
import { modules } from './services.ts';

const instances = Number(process.env.MALL_INSTANCES ?? 2);
if (!Number.isInteger(instances) || instances < 1) throw new Error('MALL_INSTANCES must be a positive integer');
const specs: ServiceSpec[] = Object.entries(modules).map(([service, module]) =>
  service === 'gateway' ? { service, module, instances: 1, env: { PORT: process.env.PORT ?? '3000' } } : { service, module, instances },
);
const cluster = await Cluster.launch(specs);
for (const i of cluster.instances()) console.log(`${i.id} listening at ${i.url}`);
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and forwarded by npm), and the
// instances are told to stop once: an instance takes one SIGTERM, a second would kill it mid-shutdown.
let stopping: Promise<void> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void (stopping ??= cluster.stop().then(() => process.exit(0))));
}
