// Seckill's order tests share these: a buyer with a default address, SKUs on sale in the catalog with stock, and a
// poll. Each test makes its own data.
import { randomUUID } from 'node:crypto';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { IdentityContract } from '@mall/contracts/identity';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { Client } from '@mall/platform/rpc';

export const key = (): string => `t-${randomUUID()}`;

export interface Clients {
  identity: Client<typeof IdentityContract>;
  catalog: Client<typeof CatalogContract>;
  inventory: Client<typeof InventoryContract>;
}

/** A registered buyer whose one address is the default. */
export async function buyerWithAddress(c: Clients): Promise<{ buyerId: string }> {
  const { user } = await c.identity.register({
    idempotencyKey: key(),
    email: `buyer-${randomUUID()}@example.com`,
    password: 'a good password',
  });
  await c.identity.createAddress({
    userId: user.id,
    idempotencyKey: key(),
    recipient: 'Li Lei',
    phone: '+86 138 0000 0000',
    line1: '1 Century Avenue',
    city: 'Shanghai',
    postalCode: '200120',
    country: 'CN',
  });
  return { buyerId: user.id };
}

const text = (en: string) => ({ zh: `中文 ${en}`, en });

/** One SKU on sale at `amount` fen in a fresh leaf category, with `onHand` units in stock. */
export async function skuOnSale(c: Clients, amount: number, onHand: number): Promise<string> {
  const top = await c.catalog.createCategory({ idempotencyKey: key(), name: text('seckill top') });
  const middle = await c.catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('seckill middle') });
  const leaf = await c.catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('seckill leaf') });
  const size = await c.catalog.createAttribute({
    idempotencyKey: key(),
    categoryId: leaf.id,
    kind: 'sale',
    name: text('size'),
    values: ['M'],
  });
  const product = await c.catalog.createProduct({
    idempotencyKey: key(),
    title: text('Flash Sale Headphones'),
    categoryId: leaf.id,
    status: 'on_sale',
    skus: [{ attrs: [{ attributeId: size.id, value: 'M' }], price: { amount, currency: 'CNY' } }],
  });
  const skuId = product.skus[0]!.id;
  await c.inventory.restock({ skuId, quantity: onHand, reason: 'test stock', idempotencyKey: key() });
  return skuId;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
