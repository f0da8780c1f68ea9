// The one way the storefront reaches the mall: the gateway's public API, typed by schema.d.ts, which
// openapi-typescript generates from docs/openapi.json (`npm run api -w @mall/storefront`; the contracts are the source).
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type ApiError = components['schemas']['Error'];

/** Where the signed-in shopper's access token comes from, asked on every request (the session store renews it). */
type TokenSource = () => Promise<string | undefined> | string | undefined;
let accessToken: TokenSource = () => undefined;
export function useAccessToken(source: TokenSource): void {
  accessToken = source;
}

const bearer: Middleware = {
  async onRequest({ request }) {
    // The auth routes take no bearer (and renewing the token must not wait for itself).
    if (new URL(request.url, location.origin).pathname.startsWith('/api/auth/')) return request;
    const token = await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
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
