// Order's tests share these: the purchase flow's services (identity, catalog, inventory, cart, payment, order) in one
// deployment, a buyer with an address, SKUs on sale with stock, selected cart lines, and payment notifications signed
// as the card processor signs them — every test makes its own.
import { createHmac, randomUUID } from 'node:crypto';
import type { CartContract } from '@mall/contracts/cart';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { IdentityContract } from '@mall/contracts/identity';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { PaymentContract } from '@mall/contracts/payment';
import type { Client } from '@mall/platform/rpc';

// Read by the services' configuration at start: orders lapse after 5 s and the timeout job looks every 100 ms.
process.env.MALL_ORDER_PAYMENT_WINDOW_SECONDS ??= '5';
process.env.MALL_ORDER_RESERVATION_MARGIN_SECONDS ??= '5';
process.env.MALL_ORDER_TIMEOUT_SWEEP_MS ??= '100';
process.env.MALL_INVENTORY_EXPIRY_SWEEP_MS ??= '100';

/** payment's development secret (its config default): what the simulated processor signs with. */
const PROCESSOR_SECRET = 'mall-dev-processor-secret-change-me';

export const key = (): string => `t-${randomUUID()}`;

export interface Clients {
  identity: Client<typeof IdentityContract>;
  catalog: Client<typeof CatalogContract>;
  inventory: Client<typeof InventoryContract>;
  cart: Client<typeof CartContract>;
  payment: Client<typeof PaymentContract>;
}

/** A registered buyer with one address. */
export async function buyerWithAddress(c: Clients): Promise<{ buyerId: string; addressId: string }> {
  const { user } = await c.identity.register({
    idempotencyKey: key(),
    email: `buyer-${randomUUID()}@example.com`,
    password: 'a good password',
  });
  const address = await c.identity.createAddress({
    userId: user.id,
    idempotencyKey: key(),
    recipient: 'Li Lei',
    phone: '+86 138 0000 0000',
    line1: '1 Century Avenue',
    city: 'Shanghai',
    postalCode: '200120',
    country: 'CN',
  });
  return { buyerId: user.id, addressId: address.id };
}

const text = (en: string) => ({ zh: `中文 ${en}`, en });

/** SKUs on sale at the given prices (fen) in a fresh leaf category with a sale attribute, each with `onHand` units in stock. */
export async function skusOnSale(c: Clients, prices: number[], onHand: number): Promise<Array<{ id: string; productId: string }>> {
  const top = await c.catalog.createCategory({ idempotencyKey: key(), name: text('order top') });
  const middle = await c.catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text('order middle') });
  const leaf = await c.catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text('order leaf') });
  const sizes = ['S', 'M', 'L'];
  const size = await c.catalog.createAttribute({
    idempotencyKey: key(),
    categoryId: leaf.id,
    kind: 'sale',
    name: text('size'),
    values: sizes,
  });
  const product = await c.catalog.createProduct({
    idempotencyKey: key(),
    title: text('Wireless Headphones'),
    categoryId: leaf.id,
    status: 'on_sale',
    skus: prices.map((amount, i) => ({ attrs: [{ attributeId: size.id, value: sizes[i]! }], price: { amount, currency: 'CNY' } })),
  });
  for (const s of product.skus) await c.inventory.restock({ skuId: s.id, quantity: onHand, reason: 'test stock', idempotencyKey: key() });
  return product.skus.map((s) => ({ id: s.id, productId: product.id }));
}

export async function inCart(c: Clients, buyerId: string, lines: Array<{ skuId: string; quantity: number }>): Promise<void> {
  for (const line of lines) await c.cart.addLine({ owner: { buyerId }, idempotencyKey: key(), ...line });
}

export async function available(c: Clients, skuId: string): Promise<number> {
  const { items } = await c.inventory.availability({ skuIds: [skuId] });
  return items[0]!.available;
}

/** The processor's word that the intent's charge succeeded, signed as it signs. */
export function chargeSucceeded(intentId: string, amount: { amount: number; currency: string }) {
  const body = JSON.stringify({
    notificationId: randomUUID(),
    kind: 'charge.succeeded',
    intentId,
    chargeId: randomUUID(),
    amount,
    occurredAt: new Date().toISOString(),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', PROCESSOR_SECRET).update(`${timestamp}.${body}`).digest('hex');
  return { timestamp, signature, body };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
