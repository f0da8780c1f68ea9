// The mall's own stack for the targets through the gateway: identity, inventory, catalog and the gateway as real
// kernel instances (the cluster launcher, real PostgreSQL, Redis, NATS and etcd), one process each, started once and
// shared by every mall target, on a database of the run's own (created, then dropped) so the catalog's demo catalog
// is loaded fresh and no test's rows are read; one fresh user is registered and signed in before anything is measured.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Cluster, type LaunchedInstance } from '@mall/platform/runtime';
import { createScratchDatabase, type ScratchDatabase } from '@mall/platform/testkit';
import { adoptServer, type Server } from './children.ts';
import { log } from './load.ts';
import { probe } from './probe.ts';

export interface Mall {
  gatewayUrl: string;
  servers: Server[];
  /** The registered user's email and password, as the login route takes them (a wrong one would lock the account). */
  credentials: { email: string; password: string };
  accessToken: string;
  /** A product of the demo catalog, for the product page target. */
  productId: string;
}

const serversDir = new URL('./servers/', import.meta.url);
const identityModule = fileURLToPath(new URL('identity-instance.ts', serversDir));
const gatewayModule = fileURLToPath(new URL('gateway-instance.ts', serversDir));
const catalogModule = fileURLToPath(new URL('catalog-instance.ts', serversDir));
const inventoryModule = fileURLToPath(new URL('inventory-instance.ts', serversDir));

// High enough that no request of the bench is refused: it measures the route, with the limiter still
// counting every request in Redis as in production, not the limiter's refusals. The env layer reaches
// leaf settings only (rateLimits.global.points, ...), and a group given by env loses its default, so
// each limit gets both of its fields.
const rateLimitEnv = Object.fromEntries(
  ['GLOBAL', 'PER_IP', 'PER_USER'].flatMap((limit) => [
    [`MALL_GATEWAY_RATE_LIMITS__${limit}__POINTS`, '10000000'],
    [`MALL_GATEWAY_RATE_LIMITS__${limit}__DURATION_SECONDS`, '1'],
  ]),
);

let started: Promise<Mall> | undefined;
let database: ScratchDatabase | undefined;

/** Starts the stack on first use; the mall's targets share it. */
export function startMall(extraEnv: Record<string, string>): Promise<Mall> {
  return (started ??= launch(extraEnv));
}

/** Drops the run's database, once its servers are stopped. */
export async function dropMallDatabase(): Promise<void> {
  await database?.drop();
  database = undefined;
}

async function launch(extraEnv: Record<string, string>): Promise<Mall> {
  // A static registry: the gateway calls this run's identity only, never an instance another run
  // registered in etcd. Access logs (info) are off so the runner's pipes do not compete with the load.
  database = await createScratchDatabase('mall_bench');
  const env = {
    MALL_POSTGRES_URL: database.url,
    MALL_LOG_LEVEL: 'warn',
    MALL_REGISTRY: 'static',
    MALL_STATIC_SERVICES: '',
    ...extraEnv,
  };
  const cluster = await Cluster.launch(
    [
      { service: 'identity', module: identityModule, instances: 1 },
      { service: 'inventory', module: inventoryModule, instances: 1 },
    ],
    // The catalog loads its demo catalog before it reports ready: seconds on a quiet machine, more on a busy one.
    { env, onLine: (prefix, line) => console.log(`${prefix} ${line}`), readyTimeoutMs: 180_000 },
  );
  const identity = only(cluster.instances('identity'));
  const inventory = only(cluster.instances('inventory'));
  const catalog = await cluster.start({
    service: 'catalog',
    module: catalogModule,
    env: { MALL_STATIC_SERVICES: `inventory=${inventory.url}`, MALL_CATALOG_DEMO_CATALOG: 'true' },
  });
  const servers = [
    adoptServer('identity', identity.child, identity.url),
    adoptServer('inventory', inventory.child, inventory.url),
    adoptServer('catalog', catalog.child, catalog.url),
  ];
  const gateway = await cluster.start({
    service: 'gateway',
    module: gatewayModule,
    env: { MALL_STATIC_SERVICES: `identity=${identity.url};catalog=${catalog.url};inventory=${inventory.url}`, ...rateLimitEnv },
  });
  servers.push(adoptServer('gateway', gateway.child, gateway.url));
  const credentials = {
    email: `bench-${Date.now()}-${randomBytes(4).toString('hex')}@bench.mall.test`,
    password: `Bench-${randomBytes(12).toString('base64url')}`,
  };
  await register(gateway.url, credentials);
  const accessToken = await login(gateway.url, credentials);
  const productId = await demoCatalogLoaded(gateway.url);
  log(`mall: identity ${identity.url}, catalog ${catalog.url}, gateway ${gateway.url}, user ${credentials.email} signed in`);
  return { gatewayUrl: gateway.url, servers, credentials, accessToken, productId };
}

function only(instances: LaunchedInstance[]): LaunchedInstance {
  const [instance] = instances;
  if (!instance || instances.length !== 1) throw new Error(`expected one instance, the cluster has ${instances.length}`);
  return instance;
}

/** The catalog loads its demo catalog on its first start, before it reports ready; the listing shows it: answers a product's id. */
async function demoCatalogLoaded(gatewayUrl: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = (await fetch(`${gatewayUrl}/api/products?page=1&pageSize=1`).then((r) => r.json())) as {
      total?: number;
      items?: Array<{ id: string }>;
    };
    const first = answer.items?.[0];
    if ((answer.total ?? 0) >= DEMO_PRODUCTS && first) return first.id;
    if (Date.now() > deadline)
      throw new Error(
        `the demo catalog did not load within 30 s (${answer.total ?? 0} products listed; last answer ${JSON.stringify(answer).slice(0, 300)})`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The demo catalog lists at least this many products once loaded. */
const DEMO_PRODUCTS = 200;

const json = { 'content-type': 'application/json' };

async function register(gatewayUrl: string, credentials: Mall['credentials']): Promise<void> {
  await probe({ url: `${gatewayUrl}/api/auth/register`, method: 'POST', headers: json, body: JSON.stringify(credentials) }, (status) =>
    status === 201 ? undefined : 'expected 201: the bench user could not be registered',
  );
}

/** The login target's request, also used once to get the me target's token. */
export function loginRequest(gatewayUrl: string, credentials: Mall['credentials']) {
  return { url: `${gatewayUrl}/api/auth/login`, method: 'POST' as const, headers: json, body: JSON.stringify(credentials) };
}

export function meRequest(gatewayUrl: string, accessToken: string) {
  return { url: `${gatewayUrl}/api/me`, method: 'GET' as const, headers: { authorization: `Bearer ${accessToken}` } };
}

async function login(gatewayUrl: string, credentials: Mall['credentials']): Promise<string> {
  const session = (await probe(loginRequest(gatewayUrl, credentials), sessionAnswer)) as { accessToken: string };
  return session.accessToken;
}

export function sessionAnswer(status: number, body: unknown): string | undefined {
  const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
  return status === 200 && typeof token === 'string' ? undefined : 'expected 200 with a session (accessToken)';
}

export function profileAnswer(email: string) {
  return (status: number, body: unknown): string | undefined =>
    status === 200 && (body as { email?: unknown } | undefined)?.email === email ? undefined : `expected 200 with the profile of ${email}`;
}

/** The storefront's product list, page 1 of 20: the listing read model with its facets. */
export function productListRequest(gatewayUrl: string) {
  return { url: `${gatewayUrl}/api/products?page=1&pageSize=20`, method: 'GET' as const };
}

/** A search in Chinese, ranked by relevance. */
export function searchRequest(gatewayUrl: string) {
  return { url: `${gatewayUrl}/api/products?q=${encodeURIComponent('蓝牙耳机')}&page=1&pageSize=20`, method: 'GET' as const };
}

export function productRequest(gatewayUrl: string, productId: string) {
  return { url: `${gatewayUrl}/api/products/${productId}`, method: 'GET' as const };
}

export function listAnswer(minTotal: number) {
  return (status: number, body: unknown): string | undefined => {
    const page = body as { total?: unknown; items?: unknown[] } | undefined;
    return status === 200 && typeof page?.total === 'number' && page.total >= minTotal && (page.items?.length ?? 0) > 0
      ? undefined
      : `expected 200 with at least ${minTotal} products listed`;
  };
}

export function productAnswer(productId: string) {
  return (status: number, body: unknown): string | undefined => {
    const page = body as { id?: unknown; skus?: unknown[]; availabilityKnown?: unknown } | undefined;
    return status === 200 && page?.id === productId && (page.skus?.length ?? 0) > 0 && page.availabilityKnown === true
      ? undefined
      : `expected 200 with product ${productId}, its SKUs and availability`;
  };
}
