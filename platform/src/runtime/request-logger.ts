// request.log, made on first use: most requests never log, yet a pino child per request costs on every one
// (its bindings go through the redaction of secrets). The line it writes is the same as an eager child's.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

/** pino's overloaded LogFn, called with the arguments it was given. */
type Untyped = (...args: unknown[]) => void;

export class LazyRequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  /** The level is the parent's until a line is written (a child never changes it on its own). */
  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  // Prototype methods, not arrow fields: one request, one small object (tsx would also name every arrow per instance).
  fatal(...args: unknown[]): void {
    (this.real.fatal as Untyped)(...args);
  }

  error(...args: unknown[]): void {
    (this.real.error as Untyped)(...args);
  }

  warn(...args: unknown[]): void {
    (this.real.warn as Untyped)(...args);
  }

  info(...args: unknown[]): void {
    (this.real.info as Untyped)(...args);
  }

  debug(...args: unknown[]): void {
    (this.real.debug as Untyped)(...args);
  }

  trace(...args: unknown[]): void {
    (this.real.trace as Untyped)(...args);
  }

  silent(...args: unknown[]): void {
    (this.real.silent as Untyped)(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}
