// The targets measured in one run: the bare route (the reference), the raw hop, the kernel hop, and
// two routes of the mall itself through the gateway (login and me). Each echo target has its own
// server processes (a hop's backend first, then its front); the mall's two share identity and the gateway.
import { startServer, type Server, type StartOptions } from './children.ts';
import type { LoadRequest } from './load.ts';
import {
  listAnswer,
  loginRequest,
  meRequest,
  productAnswer,
  productListRequest,
  productRequest,
  profileAnswer,
  searchRequest,
  sessionAnswer,
  startMall,
} from './mall.ts';
import { echoAnswer, type AnswerCheck } from './probe.ts';

export type TargetName = 'bare' | 'raw' | 'kernel' | 'login' | 'me' | 'products' | 'product' | 'search';
type MallTarget = 'login' | 'me' | 'products' | 'product' | 'search';

export interface Target {
  name: TargetName;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  description: string;
  /** At most this many connections, whatever BENCH_CONNECTIONS says: beyond it the route only queues. */
  maxConnections?: number;
}

export interface StartedTarget {
  request: LoadRequest;
  /** What a correct answer looks like, checked once before the target is measured. */
  check: AnswerCheck;
  servers: Server[];
}

export const targets: readonly Target[] = [
  {
    name: 'bare',
    title: 'bare Fastify route',
    method: 'GET',
    path: '/bare',
    description: 'one Fastify process, GET /bare answers small JSON through a response schema (the reference)',
  },
  {
    name: 'raw',
    title: 'raw hop',
    method: 'GET',
    path: '/raw',
    description:
      'front Fastify GET /raw → undici Pool.request (keep-alive, 32 connections) POST → backend Fastify /echo (body and response schemas)',
  },
  {
    name: 'kernel',
    title: 'kernel RPC hop',
    method: 'GET',
    path: '/kernel',
    description:
      'front Fastify GET /kernel (tracing started) → typed kernel client (static registry, HttpTransport) → a real-mode kernel instance (runInstance) serving benchecho.echo',
  },
  {
    name: 'login',
    title: 'login through the gateway',
    method: 'POST',
    path: '/api/auth/login',
    // argon2id runs on libuv's 4 threads: 8 connections keep them busy, 64 would only add queueing to p50.
    maxConnections: 8,
    description:
      'the gateway (rate limits counted in Redis, raised so none refuses) → identity.login over kernel RPC: lockout check and reset in Redis, the user read from PostgreSQL, argon2id verification of the password, a new refresh-token family written to PostgreSQL, an Ed25519-signed access token; the same registered user and the right password every time',
  },
  {
    name: 'me',
    title: 'authenticated me through the gateway',
    method: 'GET',
    path: '/api/me',
    description:
      'the gateway (rate limits, Bearer token verified locally against the cached JWKS, ban and RBAC check) → identity.getProfile over kernel RPC: two PostgreSQL reads (the user, its roles); the token comes from one login before the run',
  },
  {
    name: 'products',
    title: 'product list through the gateway',
    method: 'GET',
    path: '/api/products?page=1&pageSize=20',
    description:
      'public, no token: the gateway (rate limits) → catalog.searchProducts over kernel RPC: one page of 20 from the listing read model with its total and facet counts (category, brand, price bucket) on the demo catalog (208 products)',
  },
  {
    name: 'product',
    title: 'product page through the gateway',
    method: 'GET',
    path: '/api/products/:id',
    description:
      'public: the gateway → catalog.productPage: the product, its attributes and SKUs, then inventory.availability for its SKUs in one batched call (a second RPC hop)',
  },
  {
    name: 'search',
    title: 'search through the gateway',
    method: 'GET',
    path: '/api/products?q=蓝牙耳机&page=1&pageSize=20',
    description:
      'public: the gateway → catalog.searchProducts with a Chinese query: full text on CJK bigrams plus trigram similarity, ranked, with facets',
  },
];

// BENCH_KERNEL_BACKEND=rpc-only swaps the kernel instance for its bare RPC binding (a diagnostic toggle).
const kernelBackend = process.env.BENCH_KERNEL_BACKEND === 'rpc-only' ? 'rpc-only-backend' : 'kernel-backend';
type EchoTarget = 'bare' | 'raw' | 'kernel';
const backendOf: Record<EchoTarget, string | undefined> = { bare: undefined, raw: 'raw-backend', kernel: kernelBackend };
const frontOf: Record<EchoTarget, string> = { bare: 'bare', raw: 'raw-front', kernel: 'kernel-front' };

export function connectionsOf(target: Target, connections: number): number {
  return Math.min(connections, target.maxConnections ?? connections);
}

export async function startTarget(target: Target, opts: StartOptions): Promise<StartedTarget> {
  if (target.name === 'bare' || target.name === 'raw' || target.name === 'kernel') return startEchoTarget(target.name, target.path, opts);
  return startMallTarget(target.name, opts);
}

/** The mall's stack is launched once; its targets only differ in the request they send. */
async function startMallTarget(name: MallTarget, opts: StartOptions): Promise<StartedTarget> {
  const mall = await startMall(opts.env ?? {});
  const { gatewayUrl, servers } = mall;
  switch (name) {
    case 'login':
      return { request: loginRequest(gatewayUrl, mall.credentials), check: sessionAnswer, servers };
    case 'me':
      return { request: meRequest(gatewayUrl, mall.accessToken), check: profileAnswer(mall.credentials.email), servers };
    case 'products':
      return { request: productListRequest(gatewayUrl), check: listAnswer(200), servers };
    case 'product':
      return { request: productRequest(gatewayUrl, mall.productId), check: productAnswer(mall.productId), servers };
    case 'search':
      return { request: searchRequest(gatewayUrl), check: listAnswer(1), servers };
  }
}

/** Starts the backend first, then the front pointed at it; on failure stops what did start. */
async function startEchoTarget(name: EchoTarget, path: string, opts: StartOptions): Promise<StartedTarget> {
  const servers: Server[] = [];
  try {
    const backendName = backendOf[name];
    const env: Record<string, string> = { ...opts.env };
    if (backendName) {
      const backend = await startServer(backendName, opts);
      servers.push(backend);
      env.BENCH_BACKEND_URL = backend.url;
    }
    const front = await startServer(frontOf[name], { ...opts, env });
    servers.push(front);
    return { request: { url: `${front.url}${path}` }, check: echoAnswer, servers };
  } catch (err) {
    for (const server of servers.reverse()) await server.stop();
    throw err;
  }
}
