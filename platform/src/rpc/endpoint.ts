// One instance of a service as a client sees it: a keep-alive undici pool, a circuit breaker,
// the calls in flight, and whether passive (outlier) or active (health check) detection took it out.
import { Pool } from 'undici';
import { circuitBreaker, ConsecutiveBreaker, CircuitState, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { metrics } from '../observability/index.ts';
import type { ServiceInstance } from '../registry/index.ts';
import { UnavailableError } from './transport.ts';

export interface EndpointOptions {
  connections: number;
  /** Consecutive instance failures that open the breaker. */
  breakerFailures: number;
  breakerHalfOpenAfterMs: number;
  /** First ejection length after a connection failure; doubles on repeats, up to 8x. */
  ejectMs: number;
}

export class Endpoint {
  readonly id: string;
  readonly url: string;
  readonly pool: Pool;
  readonly breaker: CircuitBreakerPolicy;
  outstanding = 0;
  private ejectedUntil = 0;
  private ejections = 0;
  private breakerOpenedAt = 0;
  /** Set by the active health check. */
  healthy = true;

  constructor(
    instance: ServiceInstance,
    private readonly opts: EndpointOptions,
  ) {
    this.id = instance.id;
    this.url = instance.url;
    this.pool = new Pool(instance.url, { connections: opts.connections, keepAliveTimeout: 30_000, connect: { timeout: 1000 } });
    this.breaker = circuitBreaker(handleWhen(isInstanceFailure), {
      halfOpenAfter: opts.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(opts.breakerFailures),
    });
    this.breaker.onBreak(() => {
      this.breakerOpenedAt = Date.now();
    });
    // The gauge changes with the breaker, not on every call.
    const gauge = metrics.rpcBreakerState.labels({ target: instance.service, instance: instance.id });
    gauge.set(0);
    this.breaker.onStateChange(() => gauge.set(this.breakerLevel()));
  }

  /** An open breaker only moves to half-open when a call tries it, so it becomes fit again once the pause is over. */
  fit(now: number): boolean {
    if (!this.healthy || this.ejectedUntil > now) return false;
    const state = this.breaker.state;
    if (state === CircuitState.Isolated) return false;
    return state !== CircuitState.Open || now - this.breakerOpenedAt >= this.opts.breakerHalfOpenAfterMs;
  }

  /** Passive outlier detection: a connection that failed takes the instance out at once. */
  eject(now: number): void {
    this.ejectedUntil = now + this.opts.ejectMs * 2 ** Math.min(this.ejections, 3);
    this.ejections += 1;
  }

  /** A good answer (call or health check) brings an ejected instance back. */
  restore(): void {
    this.healthy = true;
    this.ejectedUntil = 0;
    this.ejections = 0;
  }

  breakerLevel(): number {
    const s = this.breaker.state;
    return s === CircuitState.Open || s === CircuitState.Isolated ? 2 : s === CircuitState.HalfOpen ? 1 : 0;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Failures that say something about the instance, not about the request: they feed the breaker. */
export function isInstanceFailure(err: Error): boolean {
  return err instanceof UnavailableError || (err as { status?: number }).status === 500;
}
