// /api/openapi.json: the OpenAPI 3.1 document of the gateway, built from the same route list that
// Fastify validates with, serialized once at start.
import { buildOpenApi, gatewayRoutes } from '@mall/contracts';
import { probeRoutes } from '@mall/contracts/gateway';
import { edgeHandlers, handle, Serialized, type EdgeHandlers } from './edge-handler.ts';

export function docsHandlers(): EdgeHandlers {
  const document = new Serialized(
    JSON.stringify(
      buildOpenApi(gatewayRoutes, { title: 'Mall gateway', version: '0.1.0', description: 'The public REST API of the mall.' }),
    ),
    'application/json; charset=utf-8',
  );
  return edgeHandlers(handle(probeRoutes.openApi, async () => document));
}
