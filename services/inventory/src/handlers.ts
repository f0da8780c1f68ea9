// Inventory's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { InventoryContract } from '@mall/contracts/inventory';
import type { Handlers } from '@mall/platform/rpc';
import type { Stocks } from './stocks.ts';

export function inventoryHandlers(stocks: Stocks): Handlers<typeof InventoryContract> {
  return {
    createStock: (input) => stocks.create(input),
    getStock: ({ id }) => stocks.get(id),
  };
}
