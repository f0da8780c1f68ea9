// The RPC fast path: a well-formed call (a POST of JSON with its Content-Length, to a served method) is answered
// straight from Node's HTTP server, without Fastify's per-request objects, hooks and content-type machinery, yet
// through the same validation, call scope, error shape, request id, server span and latency metric. Everything
// else (another verb or media type, a chunked, encoded or oversized body, a server that is closing) goes on to
// the Fastify route of the same method, so the rare and the malformed are refused exactly as before.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import buildSerializer from 'fast-json-stringify';
import secureJson from 'secure-json-parse';
import { MallError } from '@mall/contracts';
import {
  answeredIds,
  beginServedRequest,
  chooseRequestId,
  DurationRecorder,
  endServedRequest,
  type Logger,
  type ServedRequest,
} from '../observability/index.ts';
import type { BoundMethod } from './bind.ts';
import { toMallError } from './http-errors.ts';
import { JsonText } from './json-text.ts';
import { Headers } from './scope.ts';

interface FastRoute {
  path: string;
  method: BoundMethod;
  serialize: (output: unknown) => string;
  defaultTimeoutMs: number;
  recordDuration: (statusCode: number, seconds: number) => void;
}

/** What one call carries from its headers to its answer. */
interface Call {
  route: FastRoute;
  res: ServerResponse;
  served: ServedRequest;
  requestId: string;
  /** The x-request-id the caller sent, if any: the answer does not send it back. */
  sentRequestId: string | string[] | undefined;
  started: number;
  settled: boolean;
}

const JSON_TYPE = 'application/json';
const MALFORMED_JSON_MESSAGE = "Body is not valid JSON but content-type is set to 'application/json'";
const PARSE_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const;
const paths = new WeakMap<FastifyInstance, RpcFastPath>();

export class RpcFastPath {
  private readonly routes = new Map<string, FastRoute>();
  private readonly durations: DurationRecorder;
  private closing = false;

  constructor(private readonly opts: { service: string; bodyLimit: number; log: Logger }) {
    this.durations = new DurationRecorder(opts.service);
  }

  /** The fast path of an app made by createHttpApp, if it has one. */
  static of(app: FastifyInstance): RpcFastPath | undefined {
    return paths.get(app);
  }

  attach(app: FastifyInstance): void {
    paths.set(app, this);
    // From the start of a shutdown every request goes to Fastify, which answers 503 while it closes.
    app.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  /** Serves a method on its path; the output is written by the serializer Fastify would build from the same schema. */
  add(path: string, method: BoundMethod, defaultTimeoutMs: number): void {
    const serialize = buildSerializer(method.def.output) as (output: unknown) => string;
    this.routes.set(path, { path, method, serialize, defaultTimeoutMs, recordDuration: this.durations.forRoute('POST', path) });
  }

  /** A Node HTTP server that offers each request to the fast path first and hands the rest to Fastify. */
  server(fastify: (req: IncomingMessage, res: ServerResponse) => void, options: Record<string, unknown>): Server {
    const server = createServer((options.http ?? {}) as object, (req, res) => {
      if (!this.take(req, res)) fastify(req, res);
    });
    // What Fastify sets on the server it makes itself, from the same options.
    server.keepAliveTimeout = Number(options.keepAliveTimeout ?? 72_000);
    server.requestTimeout = Number(options.requestTimeout ?? 0);
    server.setTimeout(Number(options.connectionTimeout ?? 0));
    const perSocket = Number(options.maxRequestsPerSocket ?? 0);
    if (perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  }

  /** Takes the request when it is a well-formed call of a served method; false leaves it to Fastify. */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.closing || req.method !== 'POST') return false;
    const route = this.routes.get(req.url ?? '');
    if (!route) return false;
    const { headers } = req;
    const type = headers['content-type'];
    if (type !== JSON_TYPE && !type?.startsWith(`${JSON_TYPE};`)) return false;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= this.opts.bodyLimit)) return false;
    if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return false;
    this.serve(route, req, res, length);
    return true;
  }

  private serve(route: FastRoute, req: IncomingMessage, res: ServerResponse, length: number): void {
    const sentRequestId = req.headers[Headers.requestId];
    const requestId = chooseRequestId(sentRequestId);
    const served = beginServedRequest(this.opts.service, {
      method: 'POST',
      route: route.path,
      url: route.path,
      headers: req.headers,
      requestId,
    });
    const call: Call = { route, res, served, requestId, sentRequestId, started: performance.now(), settled: false };
    const chunks: Buffer[] = [];
    let received = 0;
    // Node frames the body by its Content-Length, so the call starts with the byte that completes it.
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received === length) this.invoke(call, req, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    // The client went away before its body arrived: nobody is left to answer.
    req.on('error', () => this.abandon(call));
  }

  private invoke(call: Call, req: IncomingMessage, body: Buffer): void {
    let input: unknown;
    try {
      input = secureJson.parse(body.toString(), null, PARSE_OPTIONS);
    } catch {
      // The parser's own words stay here; the caller reads what Fastify would have said.
      this.fail(call, new MallError('MALFORMED_JSON', MALFORMED_JSON_MESSAGE));
      return;
    }
    const timeout = Number(req.headers[Headers.timeout]);
    const deadline = Date.now() + (Number.isFinite(timeout) && timeout > 0 ? timeout : call.route.defaultTimeoutMs);
    const { method } = call.route;
    let running: Promise<unknown>;
    try {
      running = method.run(input, { deadline, requestId: call.requestId }, call.served.context);
    } catch (err) {
      this.fail(call, method.wireError(err));
      return;
    }
    running.then(
      (output) => {
        let payload: string;
        try {
          payload = output instanceof JsonText ? output.text : call.route.serialize(output);
        } catch (err) {
          this.fail(call, err);
          return;
        }
        this.answer(call, 200, payload);
      },
      (err: unknown) => this.fail(call, method.wireError(err)),
    );
  }

  private fail(call: Call, err: unknown): void {
    const e = toMallError(err);
    // A handler's own failures were reported where it was bound; anything else reaching here is unexpected.
    if (!(err instanceof MallError) && e.status >= 500) this.opts.log.error({ err, route: call.route.path }, 'request failed');
    call.served.span.recordException(err instanceof Error ? err : new Error(String(err)));
    this.answer(call, e.status, JSON.stringify(e.toBody()));
  }

  private answer(call: Call, status: number, payload: string): void {
    if (call.settled) return;
    call.settled = true;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    };
    // An RPC answer: the caller hears only the ids this server chose (see answeredIds).
    const answered = answeredIds(call.served, call.requestId, call.sentRequestId, true);
    if (answered.requestId) headers['x-request-id'] = answered.requestId;
    if (answered.traceId) headers['x-trace-id'] = answered.traceId;
    call.res.writeHead(status, headers);
    call.res.end(payload);
    call.route.recordDuration(status, (performance.now() - call.started) / 1000);
    endServedRequest(call.served, status);
  }

  private abandon(call: Call): void {
    if (call.settled) return;
    call.settled = true;
    endServedRequest(call.served, undefined);
  }
}
