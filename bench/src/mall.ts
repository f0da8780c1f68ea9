// The mall's own stack for the login and me targets: identity and the gateway as real kernel instances
// (the cluster launcher, real PostgreSQL, Redis, NATS and etcd), one process each, started once and
// shared by both targets, with one fresh user registered and signed in before anything is measured.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Cluster, type LaunchedInstance } from '@mall/platform/runtime';
import { adoptServer, type Server } from './children.ts';
import { log } from './load.ts';
import { probe } from './probe.ts';

export interface Mall {
  gatewayUrl: string;
  servers: Server[];
  /** The registered user's email and password, as the login route takes them (a wrong one would lock the account). */
  credentials: { email: string; password: string };
  accessToken: string;
}

const serversDir = new URL('./servers/', import.meta.url);
const identityModule = fileURLToPath(new URL('identity-instance.ts', serversDir));
const gatewayModule = fileURLToPath(new URL('gateway-instance.ts', serversDir));

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

/** Starts the stack on first use; the login and me targets share it. */
export function startMall(extraEnv: Record<string, string>): Promise<Mall> {
  return (started ??= launch(extraEnv));
}

async function launch(extraEnv: Record<string, string>): Promise<Mall> {
  // A static registry: the gateway calls this run's identity only, never an instance another run
  // registered in etcd. Access logs (info) are off so the runner's pipes do not compete with the load.
  const env = {
    MALL_POSTGRES_URL: process.env.MALL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    MALL_LOG_LEVEL: 'warn',
    MALL_REGISTRY: 'static',
    MALL_STATIC_SERVICES: '',
    ...extraEnv,
  };
  const cluster = await Cluster.launch([{ service: 'identity', module: identityModule, instances: 1 }], {
    env,
    onLine: (prefix, line) => console.log(`${prefix} ${line}`),
  });
  const identity = only(cluster.instances('identity'));
  const servers = [adoptServer('identity', identity.child, identity.url)];
  const gateway = await cluster.start({
    service: 'gateway',
    module: gatewayModule,
    env: { MALL_STATIC_SERVICES: `identity=${identity.url}`, ...rateLimitEnv },
  });
  servers.push(adoptServer('gateway', gateway.child, gateway.url));
  const credentials = {
    email: `bench-${Date.now()}-${randomBytes(4).toString('hex')}@bench.mall.test`,
    password: `Bench-${randomBytes(12).toString('base64url')}`,
  };
  await register(gateway.url, credentials);
  const accessToken = await login(gateway.url, credentials);
  log(`mall: identity ${identity.url}, gateway ${gateway.url}, user ${credentials.email} signed in`);
  return { gatewayUrl: gateway.url, servers, credentials, accessToken };
}

function only(instances: LaunchedInstance[]): LaunchedInstance {
  const [instance] = instances;
  if (!instance || instances.length !== 1) throw new Error(`expected one identity instance, the cluster has ${instances.length}`);
  return instance;
}

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
