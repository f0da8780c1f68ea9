// The logging hook of the kernel's infrastructure adapters (config center, registry), so they can report
// before (or without) a service's pino logger: a function, not a logger, to keep the adapters free of one.

/** Logging hook shared by the config and registry adapters, so they can report without choosing a logger. */
export type PlatformLog = (level: 'info' | 'warn' | 'error', msg: string, data?: object) => void;

/** Default hook: one JSON line on stderr, the shape pino writes. */
export const stderrLog: PlatformLog = (level, msg, data) => {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), msg, ...data })}\n`);
};
