// Swagger UI at /api/docs, served from the swagger-ui-dist package (no CDN: the mall must work
// offline), reading the gateway's own /api/openapi.json. Assets are read once and kept in memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MallError } from '@mall/contracts';

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><title>Mall API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

// Inline scripts would need a looser content security policy later; a served file does not.
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
`;

export function registerSwaggerUi(app: FastifyInstance): void {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = new Map(Object.entries(assets).map(([name, type]) => [name, { type, bytes: readFileSync(join(dir, name)) }]));
  files.set('init.js', { type: 'text/javascript; charset=utf-8', bytes: Buffer.from(init) });
  app.get('/api/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get<{ Params: { asset: string } }>('/api/docs/:asset', (request, reply) => {
    const file = files.get(request.params.asset);
    if (!file) throw new MallError('NOT_FOUND', `no asset ${request.params.asset}`);
    return reply.type(file.type).header('cache-control', 'public, max-age=86400').send(file.bytes);
  });
}
