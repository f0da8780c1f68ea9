// The back-office routes of inventory under /api/admin/inventory: stock, one SKU, restock, adjust, its ledger
// and the audit. Each is one inventory call; the gateway's Casbin policy (the `warehouse` role) decides who may call it.
import { Type } from 'typebox';
import { backOffice } from './gateway-admin.ts';
import { defineRoute } from './http.ts';
import { strict } from './primitives.ts';
import { InventoryContract } from './inventory.ts';

const inventory = InventoryContract.methods;

const Sku = Type.Object({ skuId: inventory.getStock.input.properties.skuId }, strict);
// Query strings are text and the gateway never coerces types: numbers are declared as digit strings.
const PageQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ maxLength: 5, pattern: '^[1-9][0-9]{0,4}$', description: '1 to 99999, default 1' })),
    pageSize: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
  },
  strict,
);
const restock = inventory.restock.input.properties;
const adjust = inventory.adjust.input.properties;
const mutation = { ...backOffice, IDEMPOTENCY_KEY_REUSED: 409 } as const;

export const inventoryAdminRoutes = {
  stock: defineRoute({
    method: 'GET',
    path: '/api/admin/inventory/stock',
    summary: 'Stock of every SKU (on hand, reserved, available), by SKU id, at most 100 per page.',
    tags: ['inventory'],
    public: false,
    query: PageQuery,
    responses: { 200: inventory.listStock.output },
    errors: backOffice,
  }),
  sku: defineRoute({
    method: 'GET',
    path: '/api/admin/inventory/stock/:skuId',
    summary: 'Stock of one SKU.',
    tags: ['inventory'],
    public: false,
    params: Sku,
    responses: { 200: inventory.getStock.output },
    errors: { ...backOffice, NOT_FOUND: 404 },
  }),
  restock: defineRoute({
    method: 'POST',
    path: '/api/admin/inventory/stock/:skuId/restock',
    summary: 'Adds units to on hand, with a reason (a SKU never stocked starts at 0). Idempotency-Key header honoured.',
    tags: ['inventory'],
    public: false,
    params: Sku,
    body: Type.Object({ quantity: restock.quantity, reason: restock.reason }, strict),
    responses: { 200: inventory.restock.output },
    errors: mutation,
  }),
  adjust: defineRoute({
    method: 'POST',
    path: '/api/admin/inventory/stock/:skuId/adjust',
    summary:
      'Corrects on hand by a signed, non-zero delta with a reason (a count, a breakage); never below what is reserved. Idempotency-Key header honoured.',
    tags: ['inventory'],
    public: false,
    params: Sku,
    body: Type.Object({ delta: adjust.delta, reason: adjust.reason }, strict),
    responses: { 200: inventory.adjust.output },
    errors: { ...mutation, NOT_FOUND: 404, BELOW_RESERVED: 409, ZERO_ADJUSTMENT: 400 },
  }),
  ledger: defineRoute({
    method: 'GET',
    path: '/api/admin/inventory/stock/:skuId/ledger',
    summary: "A SKU's movements (restock, adjustment, reserve, release, commit, expiry) with reason and reference, newest first.",
    tags: ['inventory'],
    public: false,
    params: Sku,
    query: PageQuery,
    responses: { 200: inventory.ledger.output },
    errors: backOffice,
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/admin/inventory/audit',
    summary: 'Recomputes every SKU from the ledger and lists the SKUs whose stock disagrees (empty when stock is conserved).',
    tags: ['inventory'],
    public: false,
    responses: { 200: inventory.audit.output },
    errors: backOffice,
  }),
};
