// Public entry of @mall/platform/observability: logs, metrics, traces and health for every service.
// Kernel modules (rpc, bus, runtime) record through these; business handlers never need to.
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { metrics, BreakerStateValue } from './metrics.ts';
export { startTracing, resolveExportUrl, type TracingHandle, type TracingOptions } from './tracing.ts';
export {
  withSpan,
  openSpan,
  withService,
  contextForService,
  currentTraceId,
  currentSpanId,
  markFailed,
  SERVICE_ATTRIBUTE,
  type SpanKindName,
  type SpanOptions,
} from './spans.ts';
export { injectTraceHeaders, setTraceHeaders, setCallTraceHeaders, extractTraceContext, type IncomingHeaders } from './propagation.ts';
export { Health, type CheckResult, type ReadinessCheck, type ReadinessReport } from './health.ts';
export { observabilityPlugin, type ObservabilityPluginOptions } from './plugin.ts';
export { requestIdOf } from './request-hooks.ts';
export {
  beginServedRequest,
  endServedRequest,
  chooseRequestId,
  answeredIds,
  DurationRecorder,
  UNMATCHED_ROUTE,
  type ServedRequest,
} from './served-request.ts';
export { PROBE_ROUTES } from './probes.ts';
export { stderrLog, type PlatformLog } from './platform-log.ts';
export type { Context, Span } from '@opentelemetry/api';
