// Typed error codes shared by every service and the edge: a code names what went wrong,
// the status says how HTTP carries it. Errors cross the wire as { error: { code, message, details } }.

/** The kernel's own codes; contracts add their business codes next to their methods. */
export const KernelErrors = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type KernelErrorCode = keyof typeof KernelErrors;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error that is a value: thrown once where the rule is broken, mapped to HTTP once at the edge. */
export class MallError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, opts: { status?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'MallError';
    this.code = code;
    this.status = opts.status ?? statusOf(code);
    this.details = opts.details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.details !== undefined) body.error.details = this.details;
    return body;
  }
}

/** One bad field of a refused input, named by its JSON pointer (`/body/email`, `/headers/idempotency-key`). */
export interface FieldError {
  path: string;
  message: string;
}

/** The one VALIDATION_FAILED error: every bad field in details.fields, and the same fields in the message. */
export function validationFailed(where: string, fields: readonly FieldError[]): MallError {
  return new MallError('VALIDATION_FAILED', `invalid ${where}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, {
    details: { fields },
  });
}

/**
 * A business rule's refusal of one field the schema accepted (a bad CIDR, an unanchored regex), shaped like
 * VALIDATION_FAILED so clients handle both alike; its status is the one the method declares for the code.
 */
export function fieldRefused(code: string, field: FieldError): MallError {
  return new MallError(code, `${field.path.slice(1)}: ${field.message}`, { details: { fields: [field] } });
}

export interface DeclaredErrors<E extends Readonly<Record<string, number>>> {
  /** The codes and their status, for a route's or a method's `errors`. */
  codes: E;
  /** An error of a declared code with the declared status: the thrower names the code only. */
  error(code: keyof E & string, message: string, opts?: { details?: unknown; cause?: unknown }): MallError;
}

/**
 * Business codes raised outside a bound RPC method (the edge's own refusals): declared once with their status.
 * A method's handler needs none of this: its bound server answers a code with the status the method declares.
 */
export function defineErrors<const E extends Readonly<Record<string, number>>>(codes: E): DeclaredErrors<E> {
  return { codes, error: (code, message, opts = {}) => new MallError(code, message, { ...opts, status: codes[code] }) };
}

export function statusOf(code: string): number {
  return (KernelErrors as Record<string, number>)[code] ?? 500;
}

export function isMallError(err: unknown): err is MallError {
  return err instanceof MallError;
}

/** A body in the one error shape, `{ error: { code, message, details? } }`. */
export function isErrorBody(body: unknown): body is ErrorBody {
  const e = (body as Partial<ErrorBody> | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

/** Reads an error body that came over the wire; anything unrecognisable becomes INTERNAL. */
export function errorFromBody(status: number, body: unknown): MallError {
  if (isErrorBody(body)) {
    const e = body.error;
    return new MallError(e.code, e.message, { status, details: e.details });
  }
  return new MallError(status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', `unexpected response with status ${status}`, { status });
}
