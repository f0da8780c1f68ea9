// Test helpers for the observability suite: loopback listeners, log capture and an OTLP/HTTP receiver.
// Everything here is real (sockets, Fastify, undici); nothing is mocked.
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';

/** Starts the app on an ephemeral loopback port and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** A pino destination that keeps every line it receives, parsed as JSON. */
export function captureLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      raw.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line.length > 0),
      );
      callback();
    },
  });
  return { stream, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  status?: { code?: number; message?: string };
  attributes: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; attributes: { key: string; value: Record<string, unknown> }[] }[];
  resource: Record<string, unknown>;
}

/** A minimal OTLP/HTTP traces receiver accepting the JSON encoding on POST /v1/traces. */
export async function startOtlpReceiver(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const app = Fastify();
  app.post('/v1/traces', async (request) => {
    spans.push(...flattenSpans(request.body as OtlpTracesBody));
    return {};
  });
  const url = await listen(app);
  return { url, spans, close: () => app.close() };
}

interface OtlpTracesBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
    scopeSpans?: { spans?: Omit<ExportedSpan, 'resource'>[] }[];
  }[];
}

function flattenSpans(body: OtlpTracesBody): ExportedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpan) => {
    const resource = attributeMap(resourceSpan.resource?.attributes ?? []);
    return (resourceSpan.scopeSpans ?? []).flatMap((scope) => (scope.spans ?? []).map((span) => ({ ...span, resource })));
  });
}

/** OTLP attributes as a plain object of their scalar values. */
export function attributeMap(attributes: { key: string; value: Record<string, unknown> }[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

/** Polls until the predicate holds, failing after timeoutMs. */
export async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Removes exporter endpoints from the environment so a test only exports where it says. */
export function clearOtlpEnv(): void {
  delete process.env.MALL_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
}
