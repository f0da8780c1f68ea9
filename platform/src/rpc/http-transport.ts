// The cluster transport: discovers a service's instances through the registry, balances calls
// over the fit ones, and keeps them honest with breakers, outlier ejection and active health checks.
import type { MethodDef } from '@mall/contracts';
import { errorFromBody, isErrorBody, MallError } from '@mall/contracts';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import type { Registry, ServiceInstance } from '../registry/index.ts';
import { setCallTraceHeaders } from '../observability/index.ts';
import { createBalancer, type Balancer, type BalancerKind } from './balancer.ts';
import { Endpoint, type EndpointOptions } from './endpoint.ts';
import { exchange, type Answer } from './exchange.ts';
import { Headers } from './scope.ts';
import { rpcPath } from './server.ts';
import type { Transport, TransportCall } from './transport.ts';
import { UnavailableError } from './transport.ts';

export interface HttpTransportOptions extends Partial<EndpointOptions> {
  balancer?: BalancerKind;
  /** Active health check period, ms; 0 turns it off. */
  healthIntervalMs?: number;
}

const notSentCodes = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class HttpTransport implements Transport {
  private endpoints: Endpoint[] = [];
  private readonly balancer: Balancer;
  private readonly endpointOptions: EndpointOptions;
  private unwatch: (() => Promise<void>) | undefined;
  private healthTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly service: string,
    private readonly opts: HttpTransportOptions,
  ) {
    this.balancer = createBalancer(opts.balancer ?? 'round-robin');
    this.endpointOptions = {
      connections: opts.connections ?? 32,
      breakerFailures: opts.breakerFailures ?? 5,
      breakerHalfOpenAfterMs: opts.breakerHalfOpenAfterMs ?? 2000,
      ejectMs: opts.ejectMs ?? 2000,
    };
  }

  static async connect(service: string, registry: Registry, opts: HttpTransportOptions = {}): Promise<HttpTransport> {
    const transport = new HttpTransport(service, opts);
    transport.unwatch = await registry.watch(service, (instances) => transport.update(instances));
    const interval = opts.healthIntervalMs ?? 1000;
    if (interval > 0) {
      transport.healthTimer = setInterval(() => void transport.checkHealth(), interval);
      transport.healthTimer.unref();
    }
    return transport;
  }

  /** The instances the client currently knows, for tests and /debug. */
  known(): Array<{ id: string; url: string; fit: boolean; outstanding: number }> {
    const now = Date.now();
    return this.endpoints.map((e) => ({ id: e.id, url: e.url, fit: e.fit(now), outstanding: e.outstanding }));
  }

  private update(instances: ServiceInstance[]): void {
    const byId = new Map(this.endpoints.map((e) => [e.id, e]));
    const next: Endpoint[] = [];
    for (const instance of instances) {
      const existing = byId.get(instance.id);
      if (existing && existing.url === instance.url) {
        next.push(existing);
        byId.delete(instance.id);
      } else {
        next.push(new Endpoint(instance, this.endpointOptions));
      }
    }
    this.endpoints = next;
    for (const gone of byId.values()) void gone.close();
  }

  private pick(avoid: Set<string> | undefined): Endpoint | undefined {
    const now = Date.now();
    // Usually every instance is fit and none to avoid: balance over the list itself, without copying it.
    if (avoid === undefined && this.endpoints.every((e) => e.fit(now))) return this.balancer.pick(this.endpoints);
    const fit = this.endpoints.filter((e) => e.fit(now));
    const preferred = avoid !== undefined ? fit.filter((e) => !avoid.has(e.id)) : fit;
    return this.balancer.pick(preferred.length > 0 ? preferred : fit);
  }

  async call(def: MethodDef, input: unknown, call: TransportCall): Promise<unknown> {
    const endpoint = this.pick(call.avoid);
    if (!endpoint) throw new UnavailableError(`no fit instance of ${this.service} (${this.endpoints.length} known)`, { sent: false });
    endpoint.outstanding += 1;
    try {
      return await endpoint.breaker.execute(() => this.send(endpoint, def, input, call));
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        throw new UnavailableError(`circuit open for ${this.service}/${endpoint.id}`, { sent: false, instanceId: endpoint.id, cause: err });
      }
      throw err;
    } finally {
      endpoint.outstanding -= 1;
    }
  }

  private async send(endpoint: Endpoint, def: MethodDef, input: unknown, call: TransportCall): Promise<unknown> {
    const remaining = call.deadline - Date.now();
    if (remaining <= 0) throw new MallError('DEADLINE_EXCEEDED', `${def.service}.${def.name}: deadline exceeded`);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [Headers.timeout]: String(remaining),
      [Headers.requestId]: call.requestId,
    };
    setCallTraceHeaders(headers, call.parent, call.span);
    let answer: Answer;
    try {
      answer = await exchange(endpoint.pool, {
        path: rpcPath(def.service, def.name),
        headers,
        body: JSON.stringify(input ?? {}),
        timeoutMs: remaining,
      });
    } catch (err) {
      throw this.transportFailure(endpoint, def, err);
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString());
    } catch (err) {
      throw this.transportFailure(endpoint, def, err);
    }
    const { statusCode } = answer;
    if (statusCode === 200) {
      if (!endpoint.healthy) endpoint.restore();
      return body;
    }
    // A 503 not in the Mall shape is the server itself refusing work (Fastify while it drains): the call never ran.
    if (statusCode === 503 && !isErrorBody(body)) {
      throw new UnavailableError(`${def.service}/${endpoint.id} is shutting down`, { sent: false, instanceId: endpoint.id });
    }
    throw errorFromBody(statusCode, body);
  }

  private transportFailure(endpoint: Endpoint, def: MethodDef, err: unknown): MallError {
    const code = (err as { code?: string }).code ?? '';
    if (timeoutCodes.has(code)) return new MallError('DEADLINE_EXCEEDED', `${def.service}.${def.name}: deadline exceeded`, { cause: err });
    endpoint.eject(Date.now());
    return new UnavailableError(`${def.service}/${endpoint.id} unreachable: ${code || (err as Error).message}`, {
      sent: !notSentCodes.has(code),
      instanceId: endpoint.id,
      cause: err,
    });
  }

  private async checkHealth(): Promise<void> {
    await Promise.all(
      this.endpoints.map(async (endpoint) => {
        try {
          const { statusCode, body } = await endpoint.pool.request({
            path: '/healthz',
            method: 'GET',
            headersTimeout: 500,
            bodyTimeout: 500,
          });
          await body.dump();
          if (statusCode === 200) {
            if (!endpoint.healthy || !endpoint.fit(Date.now())) endpoint.restore();
          } else {
            endpoint.healthy = false;
          }
        } catch {
          // A failed probe is the finding itself: the instance leaves rotation until a probe succeeds.
          endpoint.healthy = false;
        }
      }),
    );
  }

  async close(): Promise<void> {
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.unwatch?.();
    await Promise.all(this.endpoints.map((e) => e.close()));
    this.endpoints = [];
  }
}
