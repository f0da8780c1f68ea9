// Logs: pino JSON lines stamped with service, instance and the active trace/span ids.
// The ids come from the active OpenTelemetry span, so a log line can be joined to its trace.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  instance?: string;
  /** Defaults to env MALL_LOG_LEVEL, then 'info'. */
  level?: string;
  /** Defaults to stdout. */
  destination?: DestinationStream;
}

// Secrets that must never reach a log line, wherever a caller nests them.
const REDACTED_PATHS = [
  'password',
  '*.password',
  'adminPassword',
  '*.adminPassword',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level ?? process.env.MALL_LOG_LEVEL ?? 'info',
    base: { service: opts.service, ...(opts.instance ? { instance: opts.instance } : {}), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceFields,
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** trace_id/span_id of the active span; empty outside a span. Children inherit this mixin. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
