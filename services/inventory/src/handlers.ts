// Inventory's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import type { Handlers } from '@mall/platform/rpc';
import type { Allocations } from './allocations.ts';
import { auditStock } from './audit.ts';
import type { Reservations } from './reservations.ts';
import type { StockBook } from './stock.ts';

export function inventoryHandlers(
  db: ServiceDb,
  stock: StockBook,
  reservations: Reservations,
  allocations: Allocations,
): Handlers<typeof InventoryContract> {
  return {
    availability: ({ skuIds }) => stock.availability(skuIds),
    reserve: (input) => reservations.reserve(input),
    confirm: ({ ref }) => reservations.confirm(ref),
    cancel: ({ ref }) => reservations.cancel(ref),
    getReservation: ({ ref }) => reservations.get(ref),
    allocate: (input) => allocations.allocate(input),
    releaseAllocation: (input) => allocations.release(input),
    getAllocation: ({ ref }) => allocations.get(ref),
    restock: (input) => stock.restock(input),
    adjust: (input) => stock.adjust(input),
    getStock: ({ skuId }) => stock.get(skuId),
    listStock: (input) => stock.list(input),
    ledger: (input) => stock.ledger(input),
    audit: () => auditStock(db),
  };
}
