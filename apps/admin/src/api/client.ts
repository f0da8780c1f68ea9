// The one way the back office reaches the mall: the gateway's public API, typed by schema.d.ts (openapi-typescript, from
// docs/openapi.json; `npm run openapi` rewrites it with operations.json), plus `call` for the generic screens.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type ApiError = components['schemas']['Error'];

/** The access token of the signed-in staff member, read on every request (the session store sets it). */
let accessToken: string | undefined;
export function useAccessToken(token: string | undefined): void {
  accessToken = token;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(bearer);

/** A failed call: the API's error code (`NOT_FOUND`, `INVALID_CREDENTIALS`, …) or NETWORK when nothing answered. */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The body of a successful answer, or an ApiFailure carrying the API's code, message and field errors. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ApiFailure('NETWORK', cause instanceof Error ? cause.message : String(cause), 0);
  }
  if (result.response.ok) return result.data as T;
  const error = (result.error as Partial<ApiError> | undefined)?.error;
  const fields = (error?.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  throw new ApiFailure(
    error?.code ?? 'HTTP_' + result.response.status,
    error?.message ?? result.response.statusText,
    result.response.status,
    fields,
  );
}

/**
 * A call named by its route key (`PATCH /api/admin/catalog/brands/:id`), for the generic screens: the key is one of
 * operations.json's (the contracts'), the path parameters are filled from `params`. The typed `api` serves the rest.
 */
export async function call<T = unknown>(
  key: string,
  opts: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; raw?: Blob } = {},
): Promise<T> {
  const [method, template] = key.split(' ') as [string, string];
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(opts.params?.[name] ?? ''));
  const search = new URLSearchParams(Object.entries(opts.query ?? {}).filter(([, v]) => v !== '')).toString();
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.type;
    body = opts.raw;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  // A retried create answers the first result: one key per submitted form.
  if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(search ? `${path}?${search}` : path, { method, headers, ...(body !== undefined ? { body } : {}) }).catch(
    (cause: unknown) => {
      throw new ApiFailure('NETWORK', cause instanceof Error ? cause.message : String(cause), 0);
    },
  );
  const text = await response.text();
  const json: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  if (response.ok) return json as T;
  const error = (json as Partial<ApiError> | undefined)?.error;
  const fields = (error?.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  throw new ApiFailure(error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText, response.status, fields);
}
