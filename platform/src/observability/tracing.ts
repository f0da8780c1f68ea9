// Tracing setup: one OpenTelemetry tracer provider per process, W3C propagation, optional OTLP/HTTP export.
// The all-in-one host runs many services in one process, so the resource names the host and spans carry mall.service.
import * as http from 'node:http';
import * as https from 'node:https';
import { hostname } from 'node:os';
import { propagation, trace, type Context } from '@opentelemetry/api';
import './async-context.ts';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SamplingResult,
  type Span as SdkSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { SERVICE_ATTRIBUTE, serviceOf, setTraceMode } from './spans.ts';

export interface TracingOptions {
  /** service.name of the process resource: the service, or the host's name in the all-in-one mode. */
  service: string;
  instance?: string;
  /** OTLP/HTTP endpoint: a base URL (…:4318) or the full traces URL (…/v1/traces). */
  otlpEndpoint?: string;
}

export interface TracingHandle {
  /** The traces URL spans are exported to, or undefined when spans are only created and propagated. */
  readonly exportUrl: string | undefined;
  /** Exports the spans ended so far (no-op without an exporter). */
  forceFlush(): Promise<void>;
  /** Releases this holder; the provider is flushed and removed when the last holder shuts down. */
  shutdown(): Promise<void>;
}

interface TracingState {
  provider: NodeTracerProvider;
  exportUrl: string | undefined;
  agents: http.Agent[];
  holders: number;
}

let state: TracingState | undefined;
let stopping: Promise<void> | undefined;

/** Starts tracing once per process; later calls share the running provider (their options are ignored). */
export async function startTracing(opts: TracingOptions): Promise<TracingHandle> {
  if (stopping) await stopping;
  state ??= createState(opts);
  state.holders += 1;
  return handleFor(state);
}

function handleFor(current: TracingState): TracingHandle {
  let released = false;
  return {
    exportUrl: current.exportUrl,
    forceFlush: () => current.provider.forceFlush(),
    async shutdown() {
      if (released) return;
      released = true;
      current.holders -= 1;
      if (current.holders > 0 || state !== current) return;
      state = undefined;
      stopping = stopState(current).finally(() => {
        stopping = undefined;
      });
      await stopping;
    },
  };
}

function createState(opts: TracingOptions): TracingState {
  const exportUrl = resolveExportUrl(opts.otlpEndpoint);
  const agents: http.Agent[] = [];
  const spanProcessors: SpanProcessor[] = [new ServiceAttributeProcessor()];
  if (exportUrl) spanProcessors.push(new BatchSpanProcessor(createExporter(exportUrl, agents)));
  const provider = new NodeTracerProvider({ resource: processResource(opts), spanProcessors, sampler: samplerFor(exportUrl) });
  // The context manager is the process's own (async-context.ts), installed before and kept after tracing.
  provider.register({ contextManager: null });
  setTraceMode(exportUrl ? 'recording' : 'ids');
  return { provider, exportUrl, agents, holders: 0 };
}

/**
 * Without an exporter nothing would read a recorded span, so spans are not recorded: their ids are still made and
 * propagated (logs and x-trace-id keep working) at a fraction of the cost. With one, MALL_TRACE_SAMPLE_RATIO
 * (default 1) of the new traces are recorded, and a call follows its caller's decision.
 */
function samplerFor(exportUrl: string | undefined): Sampler {
  if (!exportUrl) return new NonRecordingSampler();
  const ratio = Number(process.env.MALL_TRACE_SAMPLE_RATIO ?? 1);
  if (!(ratio >= 0 && ratio <= 1))
    throw new Error(`MALL_TRACE_SAMPLE_RATIO must be between 0 and 1, got "${process.env.MALL_TRACE_SAMPLE_RATIO}"`);
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}

class NonRecordingSampler implements Sampler {
  shouldSample(): SamplingResult {
    return { decision: SamplingDecision.NOT_RECORD };
  }

  toString(): string {
    return 'NonRecordingSampler';
  }
}

async function stopState(current: TracingState): Promise<void> {
  try {
    await current.provider.shutdown();
  } finally {
    // Unregister the globals so a later startTracing (tests, a restarted host) can install a fresh provider.
    setTraceMode('off');
    trace.disable();
    propagation.disable();
    for (const agent of current.agents) agent.destroy();
  }
}

function processResource(opts: TracingOptions) {
  return defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: opts.service,
      [ATTR_SERVICE_INSTANCE_ID]: opts.instance ?? `${hostname()}-${process.pid}`,
      'host.name': hostname(),
      'process.pid': process.pid,
    }),
  );
}

/** The traces URL from options or env: MALL_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT. */
export function resolveExportUrl(otlpEndpoint?: string): string | undefined {
  const tracesUrl = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = otlpEndpoint || process.env.MALL_OTLP_ENDPOINT || (tracesUrl ? undefined : process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!base) return tracesUrl || undefined;
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

// The exporter's own keep-alive agent is never closed; ours is destroyed at shutdown so no socket outlives tracing.
function createExporter(url: string, agents: http.Agent[]): OTLPTraceExporter {
  return new OTLPTraceExporter({
    url,
    timeoutMillis: 5_000,
    httpAgentOptions: (protocol) => {
      const agent = protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
      agents.push(agent);
      return agent;
    },
  });
}

/** Copies the service from the parent context (see withService) onto every span as mall.service. */
class ServiceAttributeProcessor implements SpanProcessor {
  onStart(span: SdkSpan, parentContext: Context): void {
    const service = serviceOf(parentContext);
    if (service !== undefined && span.attributes[SERVICE_ATTRIBUTE] === undefined) {
      span.setAttribute(SERVICE_ATTRIBUTE, service);
    }
  }

  onEnd(_span: ReadableSpan): void {
    // Nothing to do when a span ends: the attribute was set at start.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
