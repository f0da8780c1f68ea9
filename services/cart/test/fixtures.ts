// Cart test data: a product on sale with SKUs in catalog and their stock in inventory, made through the services'
// own clients; and a stand-in for the order service that publishes order.paid through the kernel bus.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayloadOf } from '@mall/contracts';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { InventoryContract } from '@mall/contracts/inventory';
import { OrderPaid } from '@mall/contracts/order';
import type { Client } from '@mall/platform/rpc';
import { defineService, type ServiceContext } from '@mall/platform/runtime';

export const key = (): string => `t-${randomUUID()}`;
export const text = (en: string): { zh: string; en: string } => ({ zh: `中文 ${en}`, en });
export const yuan = (amount: number) => ({ amount, currency: 'CNY' });

export interface ShopSku {
  id: string;
  version: number;
  productId: string;
}

/** A product on sale in a leaf category of its own, with one SKU per price, each stocked with `stock[i]` (default 10). */
export async function productOnSale(
  catalog: Client<typeof CatalogContract>,
  inventory: Client<typeof InventoryContract>,
  prices: number[],
  stock: number[] = [],
): Promise<{ productId: string; productVersion: number; skus: ShopSku[] }> {
  const top = await catalog.createCategory({ idempotencyKey: key(), name: text('cart top') });
  const middle = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('cart middle') });
  const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('cart leaf') });
  const values = prices.map((_, i) => `v${i}`);
  const variant = await catalog.createAttribute({
    idempotencyKey: key(),
    categoryId: leaf.id,
    kind: 'sale',
    name: text('variant'),
    values,
  });
  const product = await catalog.createProduct({
    idempotencyKey: key(),
    title: text('Cart Test Headphones'),
    categoryId: leaf.id,
    status: 'on_sale',
    skus: prices.map((amount, i) => ({ attrs: [{ attributeId: variant.id, value: values[i]! }], price: yuan(amount) })),
  });
  for (const [i, s] of product.skus.entries()) {
    const quantity = stock[i] ?? 10;
    if (quantity > 0) await inventory.restock({ idempotencyKey: key(), skuId: s.id, quantity, reason: 'cart test' });
  }
  return {
    productId: product.id,
    productVersion: product.version,
    skus: product.skus.map((s) => ({ id: s.id, version: s.version, productId: product.id })),
  };
}

/** Stands in for the order service: once started, `publishPaid` writes order.paid to its outbox, as the order service will. */
export function orderStandIn(): {
  definition: ReturnType<typeof defineService>;
  publishPaid(payload: PayloadOf<typeof OrderPaid>, eventId?: string): Promise<void>;
} {
  let ctx: ServiceContext | undefined;
  const definition = defineService({
    name: 'cartorderstandin',
    migrations: mkdtempSync(join(tmpdir(), 'mall-cart-standin-')),
    start: async (started) => {
      ctx = started;
    },
  });
  return {
    definition,
    async publishPaid(payload, eventId) {
      if (!ctx) throw new Error('the order stand-in is not started');
      const { db, bus } = ctx;
      await db.transaction((tx) => bus.publish(tx, OrderPaid, payload, eventId ? { id: eventId } : {}));
    },
  };
}

/** An order.paid payload of `lines` for `buyerId`. */
export function paidOrder(buyerId: string, skuIds: string[], orderId = randomUUID()): PayloadOf<typeof OrderPaid> {
  return {
    orderId,
    orderNo: `20261203-${Math.floor(Math.random() * 1e6)}`,
    buyerId,
    at: new Date().toISOString(),
    total: yuan(100 * skuIds.length),
    paymentIntentId: randomUUID(),
    lines: skuIds.map((skuId) => ({ skuId, quantity: 1, title: text('line'), unitPrice: yuan(100) })),
  };
}

export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
