// The three targets measured in one run: the bare route (the reference), the raw hop and the
// kernel hop, each with its own server processes (a hop's backend first, then its front).
import { startServer, type Server, type StartOptions } from './children.ts';

export type TargetName = 'bare' | 'raw' | 'kernel';

export interface Target {
  name: TargetName;
  title: string;
  path: string;
  description: string;
}

export interface StartedTarget {
  url: string;
  servers: Server[];
}

export const targets: readonly Target[] = [
  {
    name: 'bare',
    title: 'bare Fastify route',
    path: '/bare',
    description: 'one Fastify process, GET /bare answers small JSON through a response schema (the reference)',
  },
  {
    name: 'raw',
    title: 'raw hop',
    path: '/raw',
    description: 'front Fastify GET /raw → undici Pool.request (keep-alive, 32 connections) POST → backend Fastify /echo (body and response schemas)',
  },
  {
    name: 'kernel',
    title: 'kernel RPC hop',
    path: '/kernel',
    description:
      'front Fastify GET /kernel (tracing started) → typed kernel client (static registry, HttpTransport) → a real-mode kernel instance (runInstance) serving benchecho.echo',
  },
];

// BENCH_KERNEL_BACKEND=rpc-only swaps the kernel instance for its bare RPC binding (a diagnostic toggle).
const kernelBackend = process.env.BENCH_KERNEL_BACKEND === 'rpc-only' ? 'rpc-only-backend' : 'kernel-backend';
const backendOf: Record<TargetName, string | undefined> = { bare: undefined, raw: 'raw-backend', kernel: kernelBackend };
const frontOf: Record<TargetName, string> = { bare: 'bare', raw: 'raw-front', kernel: 'kernel-front' };

/** Starts the backend first, then the front pointed at it; on failure stops what did start. */
export async function startTarget(target: Target, opts: StartOptions): Promise<StartedTarget> {
  const servers: Server[] = [];
  try {
    const backendName = backendOf[target.name];
    const env: Record<string, string> = { ...opts.env };
    if (backendName) {
      const backend = await startServer(backendName, opts);
      servers.push(backend);
      env.BENCH_BACKEND_URL = backend.url;
    }
    const front = await startServer(frontOf[target.name], { ...opts, env });
    servers.push(front);
    return { url: `${front.url}${target.path}`, servers };
  } catch (err) {
    await stopTarget({ url: '', servers });
    throw err;
  }
}

export async function stopTarget(started: StartedTarget): Promise<void> {
  for (const server of [...started.servers].reverse()) await server.stop();
}
