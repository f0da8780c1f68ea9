// What a browser-facing site must tell the browser, on every answer of the gateway (API, apps, docs): a strict content
// security policy (scripts and styles from this origin only, no plugins, never framed), nosniff, a referrer policy,
// HSTS once TLS is in front, `Cache-Control: no-store` on every answer that carries credentials or needs them, and
// CORS only for the origins the config center allows (none by default: the apps are served from the gateway's origin).
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The built apps pass it: Vite emits scripts and stylesheets as files (no inline script, no eval), and Element Plus
 * and Vue set styles through the CSSOM (`element.style`), which `style-src` does not govern. Pictures come from
 * /api/images or are data: URLs (Element Plus's icons, Swagger UI's).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** A year, subdomains included: sent only where the browser reached the gateway over TLS (or the operator says so). */
export const HSTS = 'max-age=31536000; includeSubDomains';

export interface SecurityOptions {
  /** The config center's allow-list of origins that may call the API from another site (read on every request). */
  corsOrigins: () => readonly string[];
  /** Send HSTS on every answer, also over plain HTTP (TLS ends before a proxy the gateway does not trust). */
  hsts: () => boolean;
  /** Whether a route may be called without a token (the whitelist): the others' answers are private. */
  isPublic: (method: string, route: string) => boolean;
}

/** Registers the headers on the whole app: call it before the routes. */
export async function registerSecurityHeaders(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES } },
    // Sent by the hook below, per request: helmet's would go out over plain HTTP too.
    hsts: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, {
    // Asked per request, so a change in the config center applies without a restart.
    origin: (origin, callback) => callback(null, origin !== undefined && opts.corsOrigins().includes(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-cart-token', 'x-request-id'],
    exposedHeaders: ['retry-after', 'x-request-id', 'x-cart-token'],
    credentials: false, // the API authenticates with a Bearer token, never an ambient cookie across sites
    maxAge: 600,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (opts.hsts() || request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (isPrivate(request, opts.isPublic)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/**
 * An answer no cache may keep: to a request with a token or a cart token, or to a route that needs a token (its
 * 401 included). Public answers keep their own caching (pictures, the product pages' revalidation).
 */
export function isPrivate(request: FastifyRequest, isPublic: SecurityOptions['isPublic']): boolean {
  if (request.headers.authorization !== undefined || request.headers['x-cart-token'] !== undefined) return true;
  const route = request.routeOptions.url;
  if (route === undefined || !route.startsWith('/api/')) return false;
  if (route.startsWith('/api/cart') && /(?:^|;\s*)mall_cart=/.test(request.headers.cookie ?? '')) return true;
  return !isPublic(request.method, route);
}

/** A page of the gateway's own with one inline stylesheet (the landing page): the strict policy plus that sheet's hash. */
export function withInlineStyle(reply: FastifyReply, styleHash: string): FastifyReply {
  const directives = Object.entries({ ...CSP_DIRECTIVES, styleSrc: [`'${styleHash}'`] })
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} ${values.join(' ')}`)
    .join('; ');
  return reply.header('content-security-policy', directives);
}
