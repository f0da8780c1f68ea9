// The page at `/` until the web UIs arrive: what this is and where to look next.
import { createHash } from 'node:crypto';

const style =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}';
/** The content security policy allows this one inline stylesheet by its hash. */
export const landingStyleHash = `sha256-${createHash('sha256').update(style).digest('base64')}`;

export const landingPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Mall</title>
<style>${style}</style>
</head>
<body>
<h1>Mall</h1>
<p>A distributed B2C e-commerce platform. The gateway is up.</p>
<ul>
<li><a href="/healthz"><code>/healthz</code></a> — the process is alive</li>
<li><a href="/readyz"><code>/readyz</code></a> — its dependencies are reachable</li>
<li><a href="/metrics"><code>/metrics</code></a> — Prometheus metrics</li>
<li><a href="/api/docs"><code>/api/docs</code></a> — the public REST API in Swagger UI</li>
<li><a href="/api/openapi.json"><code>/api/openapi.json</code></a> — the same API as an OpenAPI 3.1 document</li>
</ul>
</body>
</html>
`;
