// Serves the built storefront (apps/storefront/dist) at `/`: hashed assets cached for a year, index.html revalidated
// on every visit, and every other page path answered with index.html so the app's history-mode routes survive a reload.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w @mall/storefront` writes the app (MALL_STOREFRONT_DIR elsewhere, e.g. in an image). */
export const storefrontDir = process.env.MALL_STOREFRONT_DIR ?? new URL('../../../../apps/storefront/dist', import.meta.url).pathname;

/** Vite names what it builds under assets/ by content hash, so a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * A path the app may route: not under /api (whose unknown paths keep the API's own 404 and hooks), and not a file
 * name (a missing /assets/x.js must fail as a 404, not load index.html as a script).
 */
export function isAppPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path !== '/api' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);
}

/** Mounts the storefront when it is built; false (nothing mounted) when dist/index.html is missing. */
export async function serveStorefront(app: FastifyInstance, dir = storefrontDir): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/', // the wildcard route stays under /assets/, so it never shadows /api, and a rebuild is served at once
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => void reply.header('cache-control', path.endsWith('/index.html') ? 'no-cache' : IMMUTABLE),
  });
  // The page route matches only app paths (a constraint decided per request), so /api/unknown still reaches the
  // API's not-found handler, with its access log and address rules.
  app.addConstraintStrategy({
    name: 'storefrontPage',
    storage: () => {
      const handlers = new Map<unknown, unknown>();
      return {
        get: (value: unknown) => handlers.get(value) ?? null,
        set: (value: unknown, handler: unknown) => void handlers.set(value, handler),
      };
    },
    deriveConstraint: (request: { url?: string }) => isAppPath(request.url ?? '/'),
    mustMatchWhenDerived: false,
  } as Parameters<FastifyInstance['addConstraintStrategy']>[0]);
  const page = (_request: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html', dir);
  app.get('/*', { constraints: { storefrontPage: true } }, page);
  return true;
}
