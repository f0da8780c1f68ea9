// npm run openapi: writes the gateway's OpenAPI 3.1 document to docs/openapi.json.
import { writeFileSync } from 'node:fs';
import { gatewayRoutes } from '../src/gateway.ts';
import { buildOpenApi } from '../src/openapi.ts';

const doc = buildOpenApi(gatewayRoutes, { title: 'Mall gateway', version: '0.1.0', description: 'The public REST API of the mall.' });
const target = new URL('../../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${target.pathname} (${Object.keys(doc.paths as object).length} paths)`);
