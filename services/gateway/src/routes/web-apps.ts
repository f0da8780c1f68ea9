// Serves the built web apps: the storefront (apps/storefront/dist) at `/` and the back office (apps/admin/dist, built
// with base /admin/) at `/admin`. Hashed assets are cached for a year, index.html is revalidated on every visit, and
// every other page path of an app is answered with its index.html so the app's history-mode routes survive a reload.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const appsDir = new URL('../../../../apps/', import.meta.url).pathname;

export interface WebApp {
  name: 'storefront' | 'admin';
  /** The URL prefix the app was built for (Vite's `base`), with its trailing slash. */
  base: string;
  /** Where `npm run build -w @mall/<name>` writes it (MALL_STOREFRONT_DIR / MALL_ADMIN_DIR elsewhere, e.g. in an image). */
  dir: string;
}

export const webApps: readonly WebApp[] = [
  { name: 'storefront', base: '/', dir: process.env.MALL_STOREFRONT_DIR ?? join(appsDir, 'storefront/dist') },
  { name: 'admin', base: '/admin/', dir: process.env.MALL_ADMIN_DIR ?? join(appsDir, 'admin/dist') },
];

/** Vite names what it builds under assets/ by content hash, so a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * A path an app may route: not under /api (whose unknown paths keep the API's own 404 and hooks), and not a file
 * name (a missing /assets/x.js must fail as a 404, not load index.html as a script).
 */
export function isAppPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path !== '/api' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);
}

/** Mounts each app that is built (its dist/index.html exists); answers which were mounted. */
export async function serveApps(app: FastifyInstance, apps: readonly WebApp[] = webApps): Promise<Record<WebApp['name'], boolean>> {
  const built = apps.filter((web) => existsSync(join(web.dir, 'index.html')));
  const served = { storefront: false, admin: false };
  if (built.length === 0) return served;
  // The page routes match only app paths (a constraint decided per request), so /api/unknown still reaches the
  // API's not-found handler, with its access log and address rules.
  app.addConstraintStrategy({
    name: 'appPage',
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
  for (const [index, web] of built.entries()) {
    await app.register(fastifyStatic, {
      root: join(web.dir, 'assets'),
      prefix: `${web.base}assets/`, // the wildcard route stays under assets/, so it never shadows /api, and a rebuild is served at once
      index: false,
      cacheControl: false,
      decorateReply: index === 0, // reply.sendFile once; it takes the folder as an argument
      setHeaders: (reply, path) => void reply.header('cache-control', path.endsWith('/index.html') ? 'no-cache' : IMMUTABLE),
    });
    const page = (_request: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html', web.dir);
    app.get(`${web.base}*`, { constraints: { appPage: true } }, page);
    // `/admin` without its slash is the app's home too (the router's base has none).
    if (web.base !== '/') app.get(web.base.slice(0, -1), { constraints: { appPage: true } }, page);
    served[web.name] = true;
  }
  return served;
}
