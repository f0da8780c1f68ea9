// Edge routes of the gateway, declared like RPC methods: path, inputs and responses as TypeBox
// schemas, so the OpenAPI document and the gateway's validation come from one place.
import { Type, type Static, type TSchema } from 'typebox';
import type { HttpMethod } from './primitives.ts';

export interface RouteDef {
  method: HttpMethod;
  /** Fastify-style path: `/api/products/:id`. */
  path: string;
  summary: string;
  tags: string[];
  /** Reachable without a token (the gateway's whitelist starts from these). */
  public: boolean;
  /** Any signed-in user may call it, whatever their roles (RBAC is not asked): what a client needs to learn its own rights. */
  anyRole?: boolean;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** Responses by status: exactly one success (2xx), whose status the edge answers; others, like /readyz's 503, may be declared too. */
  responses: Record<number, TSchema>;
  /** Error codes this route may answer with, and their status. */
  errors?: Readonly<Record<string, number>>;
  /**
   * The body is bytes of one of these media types (an upload), at most `maxBytes`, not JSON: the handler reads a
   * Buffer. Another type is a 415 UNSUPPORTED_MEDIA_TYPE, a larger body a 413 PAYLOAD_TOO_LARGE.
   */
  rawBody?: { types: readonly string[]; maxBytes: number };
  /** The success answer is bytes of one of these media types (an image), not JSON. */
  rawResponse?: { types: readonly string[] };
}

/** The schema of a body or an answer that is bytes, as OpenAPI describes them. */
/** Bytes of at most `maxBytes` (an image): in OpenAPI a binary string, bounded like every other string. */
export const binary = (maxBytes: number) => Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', maxLength: maxBytes });

export function defineRoute<const R extends RouteDef>(route: R): R {
  if (!route.path.startsWith('/')) throw new Error(`route path "${route.path}" must start with /`);
  successStatus(route);
  return route;
}

/** The one 2xx status of a route: what its handler's answer is sent with. */
export function successStatus(route: Pick<RouteDef, 'method' | 'path' | 'responses'>): number {
  const success = Object.keys(route.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300);
  if (success.length !== 1)
    throw new Error(`route ${route.method} ${route.path} must declare exactly one 2xx response, not ${success.length}`);
  return success[0]!;
}

type StaticOf<R, K extends string, Absent> = R extends { [P in K]: infer S extends TSchema } ? Static<S> : Absent;
type Success = 200 | 201 | 202 | 204;

/** What an edge handler reads: the route's validated body, path parameters and query string. */
export type RouteBody<R extends RouteDef> = R extends { rawBody: object } ? Buffer : StaticOf<R, 'body', undefined>;
export type RouteParams<R extends RouteDef> = StaticOf<R, 'params', Record<string, never>>;
export type RouteQuery<R extends RouteDef> = StaticOf<R, 'query', Record<string, never>>;
/** What an edge handler answers: the body of the route's success response (nothing for a 204). */
export type RouteAnswer<R extends RouteDef> = R['responses'] extends { [S in Success]?: infer B extends TSchema }
  ? Static<B> extends null
    ? void
    : Static<B>
  : never;

/** Routes are keyed by "METHOD /path", in the gateway's handlers and in its configuration alike. */
export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The error body every failure shares. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' }),
    message: Type.String({ maxLength: 4000 }),
    details: Type.Optional(Type.Unknown()),
  }),
});
