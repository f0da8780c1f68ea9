// The kernel's own settings, read from the environment once at start and validated by schema:
// run mode, listen address, the real servers' addresses, discovery, logs and traces.
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

const Settings = Type.Object({
  mode: Type.Union([Type.Literal('embedded'), Type.Literal('real')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  advertiseHost: Type.String({ minLength: 1 }),
  instanceId: Type.Optional(Type.String({ minLength: 1 })),
  dataDir: Type.String({ minLength: 1 }),
  postgresUrl: Type.String({ minLength: 1 }),
  postgresPoolSize: Type.Integer({ minimum: 1, maximum: 200 }),
  redisUrl: Type.String({ minLength: 1 }),
  natsUrl: Type.String({ minLength: 1 }),
  etcdEndpoints: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  registry: Type.Union([Type.Literal('etcd'), Type.Literal('static')]),
  staticServices: Type.Record(Type.String(), Type.Array(Type.String())),
  balancer: Type.Union([Type.Literal('round-robin'), Type.Literal('p2c')]),
  logLevel: Type.String(),
  otlpEndpoint: Type.Optional(Type.String()),
  shutdownTimeoutMs: Type.Integer({ minimum: 100 }),
  /** Whose X-Forwarded-For to believe for the client address: nobody (false), every hop (true), or the proxies at these addresses. */
  trustProxy: Type.Union([Type.Boolean(), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
});

export type KernelSettings = Static<typeof Settings>;
const check = Compile(Settings);

/** Every environment variable the kernel reads, with its default; the README lists the same. */
export function readSettings(
  env: Record<string, string | undefined> = process.env,
  defaults: Partial<KernelSettings> = {},
): KernelSettings {
  const settings = {
    mode: env.MALL_MODE ?? defaults.mode ?? 'embedded',
    host: env.HOST ?? defaults.host ?? '127.0.0.1',
    port: int(env.PORT, defaults.port ?? 3000, 'PORT'),
    advertiseHost: env.MALL_ADVERTISE_HOST ?? env.HOST ?? '127.0.0.1',
    instanceId: env.MALL_INSTANCE_ID || undefined,
    dataDir: env.MALL_DATA_DIR ?? './data',
    postgresUrl: env.MALL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    postgresPoolSize: int(env.MALL_POSTGRES_POOL_SIZE, 10, 'MALL_POSTGRES_POOL_SIZE'),
    redisUrl: env.MALL_REDIS_URL ?? 'redis://127.0.0.1:6379',
    natsUrl: env.MALL_NATS_URL ?? 'nats://127.0.0.1:4222',
    etcdEndpoints: (env.MALL_ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    registry: env.MALL_REGISTRY ?? 'etcd',
    staticServices: parseStaticServices(env.MALL_STATIC_SERVICES ?? ''),
    balancer: env.MALL_BALANCER ?? 'round-robin',
    logLevel: env.MALL_LOG_LEVEL ?? 'info',
    otlpEndpoint: env.MALL_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? undefined,
    shutdownTimeoutMs: int(env.MALL_SHUTDOWN_TIMEOUT_MS, 10_000, 'MALL_SHUTDOWN_TIMEOUT_MS'),
    trustProxy: parseTrustProxy(env.MALL_TRUST_PROXY ?? ''),
  };
  if (settings.instanceId === undefined) delete settings.instanceId;
  if (settings.otlpEndpoint === undefined) delete settings.otlpEndpoint;
  if (!check.Check(settings)) {
    const problems = check
      .Errors(settings)
      .map((e) => `${e.instancePath} ${e.message}`)
      .join('; ');
    throw new Error(`invalid kernel settings from the environment: ${problems}`);
  }
  return settings;
}

export function defaultInstanceId(service: string): string {
  return `${service}-${hostname()}-${process.pid}`;
}

function int(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

// proxy-addr's names for address ranges, accepted next to addresses and CIDR blocks.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * MALL_TRUST_PROXY: empty or `false` (the default: X-Forwarded-For is the caller's claim, never believed), `true`
 * (every hop; only behind a proxy that overwrites the header), or the proxies' addresses and CIDR blocks. A hop
 * count is refused: it cannot tell a proxy from a client that sends the header itself (Fastify trusts none then).
 */
function parseTrustProxy(raw: string): boolean | string[] {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value))
    throw new Error(
      `MALL_TRUST_PROXY: a hop count ("${value}") cannot tell a proxy from a client; name the proxies' addresses or CIDR blocks`,
    );
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!NAMED_RANGES.has(entry) && (family === 0 || !prefixOk || extra !== undefined)) {
      throw new Error(`MALL_TRUST_PROXY: "${entry}" is not an address, a CIDR block or one of ${[...NAMED_RANGES].join(', ')}`);
    }
  }
  return entries;
}

/** `catalog=http://a:1,http://b:2;order=http://c:3` — what Kubernetes service DNS gives, written down. */
function parseStaticServices(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, urls] = part.split('=');
    if (!name || !urls) throw new Error(`MALL_STATIC_SERVICES: cannot read "${part}" (want name=url,url)`);
    out[name.trim()] = urls
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
  }
  return out;
}
