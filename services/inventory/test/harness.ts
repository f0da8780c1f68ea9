// Inventory's tests share these: the service in either run mode with a fast expiry sweep, and SKUs stocked
// through the contract with fresh ids, so every test owns its data.
import { randomUUID } from 'node:crypto';
import type { Client } from '@mall/platform/rpc';
import type { InventoryContract } from '@mall/contracts/inventory';

// Read by the service's configuration at start: expired holds are released within a tenth of a second in tests.
process.env.MALL_INVENTORY_EXPIRY_SWEEP_MS ??= '100';

export type Inventory = Client<typeof InventoryContract>;

export const key = (): string => `t-${randomUUID()}`;
export const ref = (label = 'r'): string => `${label}-${randomUUID()}`;

/** A fresh SKU holding `onHand` units. */
export async function stockedSku(inventory: Inventory, onHand: number): Promise<string> {
  const skuId = randomUUID();
  await inventory.restock({ skuId, quantity: onHand, reason: 'test stock', idempotencyKey: key() });
  return skuId;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
