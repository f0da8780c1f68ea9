// Edge routes of the gateway, declared like RPC methods: path, inputs and responses as TypeBox
// schemas, so the OpenAPI document and the gateway's validation come from one place.
import { Type, type TSchema } from 'typebox';
import type { HttpMethod } from './primitives.ts';

export interface RouteDef {
  method: HttpMethod;
  /** Fastify-style path: `/api/products/:id`. */
  path: string;
  summary: string;
  tags: string[];
  /** Reachable without a token (the gateway's whitelist starts from these). */
  public: boolean;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** Success responses by status. */
  responses: Record<number, TSchema>;
  /** Error codes this route may answer with, and their status. */
  errors?: Readonly<Record<string, number>>;
}

export function defineRoute<const R extends RouteDef>(route: R): R {
  if (!route.path.startsWith('/')) throw new Error(`route path "${route.path}" must start with /`);
  return route;
}

/** The error body every failure shares. */
export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});
