// /api/openapi.json: the OpenAPI 3.1 document of the gateway, built from the same route list that
// Fastify validates with, serialized once at start.
import { buildOpenApi, gatewayRoutes } from '@mall/contracts';
import type { EdgeHandlers } from './edge-handler.ts';

export function docsHandlers(): EdgeHandlers {
  const document = JSON.stringify(
    buildOpenApi(gatewayRoutes, { title: 'Mall gateway', version: '0.1.0', description: 'The public REST API of the mall.' }),
  );
  return {
    'GET /api/openapi.json': async () => ({ status: 200, body: document, contentType: 'application/json; charset=utf-8' }),
  };
}
