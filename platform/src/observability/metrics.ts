// Metrics: the one prom-client registry of the process and the metric families the kernel shares.
// Families are created once at import so every module (rpc, bus, runtime) records into the same series.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type LabelValues } from 'prom-client';

// Latency buckets in seconds, from sub-millisecond cache hits to slow downstream calls.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One label set of a LatencyHistogram, resolved once. */
export interface LatencySeries {
  observe(seconds: number): void;
}

// The parts of prom-client's Histogram (15.x) a series writes to, the same fields its own observe() updates.
interface HistogramInternals {
  hashMap: Record<string, { labels: Record<string, string | number>; sum: number; count: number; bucketValues: Record<string, number> }>;
  upperBounds: readonly number[];
}

/**
 * A histogram whose label sets can be resolved once with series(): observing through a series adds to its
 * buckets directly, where prom-client's observe() validates and hashes the labels on every call — a cost paid
 * on every request of the RPC and HTTP paths. Exposition, reset and everything else are prom-client's.
 */
export class LatencyHistogram<T extends string> extends Histogram<T> {
  series(labels: LabelValues<T>): LatencySeries {
    const internals = this as unknown as HistogramInternals;
    const find = () => Object.entries(internals.hashMap).find(([, v]) => sameLabels(v.labels, labels as Record<string, string | number>));
    const resolve = () => {
      let found = find();
      if (!found) {
        this.zero(labels);
        found = find()!;
      }
      return found;
    };
    // Resolved on the first observation, so a series nobody records into is not exported as zeros.
    let key = '';
    let entry: HistogramInternals['hashMap'][string] | undefined;
    const bounds = internals.upperBounds;
    // The buckets are keyed by the bound spelt as a string; spelling it once saves a conversion per call.
    const bucketKeys = bounds.map(String);
    return {
      observe(seconds: number): void {
        // reset() swaps the map: resolve again rather than count into a series nobody exports.
        if (entry === undefined || internals.hashMap[key] !== entry) [key, entry] = resolve();
        entry.sum += seconds;
        entry.count += 1;
        for (let i = 0; i < bounds.length; i++) {
          if (seconds <= bounds[i]!) {
            const bucket = bucketKeys[i]!;
            entry.bucketValues[bucket] = (entry.bucketValues[bucket] ?? 0) + 1;
            return;
          }
        }
      },
    };
  }
}

function sameLabels(a: Record<string, string | number>, b: Record<string, string | number>): boolean {
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => String(a[k]) === String(b[k]));
}

const registry = new Registry();
// Process metrics (CPU, memory, event loop lag, GC) are read at scrape time; no timers are started.
collectDefaultMetrics({ register: registry });

export const metrics = {
  registry,
  httpServerDuration: new LatencyHistogram({
    name: 'mall_http_server_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['service', 'method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  rpcClientDuration: new LatencyHistogram({
    name: 'mall_rpc_client_duration_seconds',
    help: 'Time of an outgoing RPC call including retries; outcome is ok or the error code',
    labelNames: ['target', 'method', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  rpcClientRetries: new Counter({
    name: 'mall_rpc_client_retries_total',
    help: 'Retries of outgoing RPC calls',
    labelNames: ['target', 'method'] as const,
    registers: [registry],
  }),
  rpcBreakerState: new Gauge({
    name: 'mall_rpc_breaker_state',
    help: 'Circuit breaker state per target instance: 0 closed, 1 half-open, 2 open',
    labelNames: ['target', 'instance'] as const,
    registers: [registry],
  }),
  busPublished: new Counter({
    name: 'mall_bus_published_total',
    help: 'Events published to the bus',
    labelNames: ['subject'] as const,
    registers: [registry],
  }),
  busHandled: new Counter({
    name: 'mall_bus_handled_total',
    help: 'Events handled by consumers; outcome is ok, retry, duplicate or an error code',
    labelNames: ['subject', 'consumer', 'outcome'] as const,
    registers: [registry],
  }),
  busDeadLettered: new Counter({
    name: 'mall_bus_dead_lettered_total',
    help: 'Events moved to the dead letter store after exhausting retries',
    labelNames: ['subject', 'consumer'] as const,
    registers: [registry],
  }),
  cacheLookups: new Counter({
    name: 'mall_cache_lookups_total',
    help: 'Reads of a read-through cache by where they were answered: local_hit, redis_hit, negative_hit, bloom_rejected, miss (loaded), coalesced (joined a load in flight)',
    labelNames: ['cache', 'outcome'] as const,
    registers: [registry],
  }),
  cacheLoads: new Counter({
    name: 'mall_cache_loads_total',
    help: "Calls of a read-through cache's loader: found, absent (cached as a negative entry), oversized (served, not cached) or failed",
    labelNames: ['cache', 'outcome'] as const,
    registers: [registry],
  }),
  outboxPending: new Gauge({
    name: 'mall_outbox_pending',
    help: 'Outbox rows written but not yet relayed to the bus',
    labelNames: ['service'] as const,
    registers: [registry],
  }),
} as const;

/** Breaker states as the rpcBreakerState gauge encodes them. */
export const BreakerStateValue = { closed: 0, halfOpen: 1, open: 2 } as const;
