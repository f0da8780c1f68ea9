// The shapes every contract shares, declared once: ids, timestamps, the HTTP methods, the idempotency
// key, and `strict` (no unknown properties). A contract imports these instead of writing its own.
import { Type } from 'typebox';

/** Objects of a contract's inputs refuse unknown properties: a typo is an error, not a silently ignored field. */
export const strict = { additionalProperties: false } as const;

/** A UUID (any version), as every service's ids are. */
export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  maxLength: 36,
});

/** An ISO 8601 date-time as a service writes it (`Date.toISOString()`). */
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });

/** Deliberately simple: one @, no spaces, a dot in the domain; the mailbox proves the rest. 254: RFC 5321's path limit. */
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+$' });

/** A count or a version: never negative, within what a JSON number carries exactly. */
export const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, format: 'int64' });

/** An input or output with no fields. */
export const Empty = Type.Object({}, strict);

/** The HTTP methods the mall's routes use. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An HTTP method a permission names, or `*` for all of them. */
export const HttpMethodOrAny = Type.Union([
  Type.Literal('GET'),
  Type.Literal('POST'),
  Type.Literal('PUT'),
  Type.Literal('PATCH'),
  Type.Literal('DELETE'),
  Type.Literal('*'),
]);

/** An idempotency key: what makes a mutating call safe to retry. */
export const IdempotencyKey = Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_:.-]+$' });

/** A display text in the shop's two languages, Chinese and English; both are always given. */
export function localized(opts: { minLength?: number; maxLength: number }) {
  const text = Type.String({ minLength: opts.minLength ?? 0, maxLength: opts.maxLength });
  return Type.Object({ zh: text, en: text }, strict);
}

/** An amount of money in integer minor units (fen, cents) of an ISO 4217 currency: never a float. */
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, format: 'int64' }),
    currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$' }),
  },
  strict,
);

/** The most items one page of any list answers: a larger page size is refused (400), never silently cut. */
export const MAX_PAGE_SIZE = 100;
