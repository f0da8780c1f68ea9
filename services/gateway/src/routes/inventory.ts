// /api/admin/inventory: the warehouse's back office (stock, restock, adjust, ledger, audit), each one inventory
// call. Who may call them is decided before the handler runs; bad input never reaches inventory.
import type { FastifyRequest } from 'fastify';
import { inventoryAdminRoutes as routes } from '@mall/contracts/gateway';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

export function inventoryHandlers(inventory: Client<typeof InventoryContract>): EdgeHandlers {
  return edgeHandlers(
    handle(routes.stock, (request) => inventory.listStock(pageOf(request.query))),
    handle(routes.sku, (request) => inventory.getStock({ skuId: request.params.skuId })),
    handle(routes.restock, (request) => inventory.restock({ ...request.body, ...actorOf(request) })),
    handle(routes.adjust, (request) => inventory.adjust({ ...request.body, ...actorOf(request) })),
    handle(routes.ledger, (request) => inventory.ledger({ skuId: request.params.skuId, ...pageOf(request.query) })),
    handle(routes.audit, () => inventory.audit({})),
  );
}

/** Who changes which SKU's stock, once per Idempotency-Key: the user from the verified token, recorded in the ledger. */
function actorOf(request: FastifyRequest<{ Params: { skuId: string } }>): { skuId: string; actor: string; idempotencyKey: string } {
  return { skuId: request.params.skuId, actor: userIdOf(request), idempotencyKey: idempotencyKeyOf(request) };
}

/** The validated digit strings of a page query (see the routes' schema) as numbers. */
function pageOf(query: { page?: string; pageSize?: string }): { page?: number; pageSize?: number } {
  return {
    ...(query.page !== undefined ? { page: Number(query.page) } : {}),
    ...(query.pageSize !== undefined ? { pageSize: Number(query.pageSize) } : {}),
  };
}
