// Serves a bound contract on Fastify: POST /rpc/<service>/<method>, JSON in, JSON out, the
// response serialized by its schema, the deadline read from the headers. The observability plugin
// around it opens the server span (continuing the caller's trace) and records the latency. On an app
// made by createHttpApp, well-formed calls take the RPC fast path (fast-path.ts) before Fastify.
import type { FastifyInstance } from 'fastify';
import { requestIdOf } from '../observability/index.ts';
import type { BoundService } from './bind.ts';
import { RpcFastPath } from './fast-path.ts';
import { JsonText } from './json-text.ts';
import { Headers } from './scope.ts';

export const rpcPath = (service: string, method: string): string => `/rpc/${service}/${method}`;

export interface ServeOptions {
  /** Deadline applied when the caller sent none, ms. */
  defaultTimeoutMs?: number;
}

export function serveContract(app: FastifyInstance, bound: BoundService, opts: ServeOptions = {}): void {
  const defaultTimeout = opts.defaultTimeoutMs ?? 10_000;
  for (const method of bound.methods.values()) {
    const { def } = method;
    const path = rpcPath(def.service, def.name);
    RpcFastPath.of(app)?.add(path, method, defaultTimeout);
    app.post(path, { schema: { response: { 200: def.output } }, config: { serviceCall: true } }, async (request, reply) => {
      const timeout = Number(request.headers[Headers.timeout]);
      const deadline = Date.now() + (Number.isFinite(timeout) && timeout > 0 ? timeout : defaultTimeout);
      const output = await method.invoke(request.body, { deadline, requestId: requestIdOf(request) ?? request.id });
      // Text serialized ahead goes out as it is: a JSON string payload is not serialized again.
      return output instanceof JsonText ? reply.type('application/json; charset=utf-8').send(output.text) : output;
    });
  }
}
