// The checkout saga: the steps that place an order, each with its compensation beside it.
//   priceLines    — catalog prices every line now (never the client)         | nothing to undo (a read)
//   reserveStock  — inventory holds every line, ref = order id, with a TTL    | inventory.cancel(ref) (and the TTL if that is lost)
//   writeOrder    — the order PENDING_PAYMENT + order.placed, one transaction | cancel the order          (the pivot)
//   createIntent  — payment's intent for the total, idempotent by order id   | payment.cancelIntent     (retried, never compensated)
import { MallError } from '@mall/contracts';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { InventoryContract } from '@mall/contracts/inventory';
import { OrderPlaced } from '@mall/contracts/order';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb } from '@mall/platform/db';
import type { Client } from '@mall/platform/rpc';
import { formatOrderNo } from '../domain/order-number.ts';
import {
  MixedCurrencies,
  priceBreakdown,
  priceCartLines,
  type CartLine,
  type PriceBreakdown,
  type ShippingRule,
  type SnapshotLine,
} from '../domain/pricing.ts';
import type { OrderMoves } from '../order-moves.ts';
import { recordStatus } from '../order-moves.ts';
import type { Order } from '../order-rows.ts';
import type { PaymentPort } from '../ports.ts';
import { createStep, defineSaga, type SagaDefinition } from '../saga/steps.ts';

export interface CheckoutState {
  orderId: string;
  buyerId: string;
  lines: CartLine[];
  address: Order['address'];
  priced?: SnapshotLine[];
  breakdown?: PriceBreakdown;
  orderNo?: string;
  expiresAt?: string;
  payment?: { intentId: string; payUrl: string };
}

export interface CheckoutDeps {
  db: ServiceDb;
  bus: Bus;
  moves: OrderMoves;
  catalog: Client<typeof CatalogContract>;
  inventory: Client<typeof InventoryContract>;
  payment: PaymentPort;
  settings: () => { shipping: ShippingRule; paymentWindowSeconds: number; reservationMarginSeconds: number };
}

/** Catalog's current price of every line, refusing lines not on sale, and the breakdown with shipping. */
export async function priceLines(
  catalog: Client<typeof CatalogContract>,
  lines: readonly CartLine[],
  shipping: ShippingRule,
): Promise<{ priced: SnapshotLine[]; breakdown: PriceBreakdown }> {
  const { items } = await catalog.skuSnapshots({ skuIds: lines.map((l) => l.skuId) });
  const result = priceCartLines(lines, items);
  if (result.kind === 'unavailable')
    throw new MallError('SKU_NOT_ON_SALE', `not on sale: ${result.skuIds.join(', ')}`, { status: 409, details: { skuIds: result.skuIds } });
  try {
    return { priced: result.lines, breakdown: priceBreakdown(result.lines, shipping) };
  } catch (err) {
    if (err instanceof MixedCurrencies) throw new MallError('MIXED_CURRENCIES', err.message, { status: 409 });
    throw err;
  }
}

export function checkoutSaga(deps: CheckoutDeps): SagaDefinition<CheckoutState> {
  return defineSaga<CheckoutState>('checkout', [
    createStep('priceLines', (s) => priceLines(deps.catalog, s.lines, deps.settings().shipping), 'nothing to undo'),
    createStep(
      'reserveStock',
      async (s) => {
        const { paymentWindowSeconds, reservationMarginSeconds } = deps.settings();
        await deps.inventory.reserve({
          ref: s.orderId,
          lines: s.lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
          ttlSeconds: paymentWindowSeconds + reservationMarginSeconds,
        });
      },
      async (s) => {
        await deps.inventory.cancel({ ref: s.orderId });
      },
    ),
    createStep(
      'writeOrder',
      (s) => writeOrder(deps, s),
      (s) => cancelUnpaid(deps, s),
      { pivot: true },
    ),
    createStep(
      'createIntent',
      async (s) => {
        const intent = await deps.payment.createIntent({
          orderId: s.orderId,
          buyerId: s.buyerId,
          amount: s.breakdown!.total,
          expiresAt: s.expiresAt!,
        });
        await deps.db.query('UPDATE orders SET payment_intent_id = $2, pay_url = $3, updated_at = now() WHERE id = $1', [
          s.orderId,
          intent.intentId,
          intent.payUrl,
        ]);
        return { payment: { intentId: intent.intentId, payUrl: intent.payUrl } };
      },
      async (s) => {
        await deps.payment.cancelIntent({ orderId: s.orderId });
      },
    ),
  ]);
}

/** The order, its lines and first history entry, and order.placed: one transaction, written once per order id. */
export async function writeOrder(deps: CheckoutDeps, s: CheckoutState): Promise<Partial<CheckoutState>> {
  const priced = s.priced!;
  const breakdown = s.breakdown!;
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.query<{ order_no: string; expires_at: Date | string }>(
      'SELECT order_no, expires_at FROM orders WHERE id = $1',
      [s.orderId],
    );
    if (existing) return { orderNo: existing.order_no, expiresAt: new Date(existing.expires_at).toISOString() };
    const now = new Date();
    const [seq] = await tx.query<{ n: number }>("SELECT nextval('order_no_seq') AS n");
    const orderNo = formatOrderNo(now, Number(seq!.n));
    const expiresAt = new Date(now.getTime() + deps.settings().paymentWindowSeconds * 1000).toISOString();
    await tx.query(
      `INSERT INTO orders (id, order_no, buyer_id, status, currency, items_amount, shipping_amount, total_amount, address, expires_at)
       VALUES ($1, $2, $3, 'PENDING_PAYMENT', $4, $5, $6, $7, $8::jsonb, $9)`,
      [
        s.orderId,
        orderNo,
        s.buyerId,
        breakdown.total.currency,
        breakdown.items.amount,
        breakdown.shipping.amount,
        breakdown.total.amount,
        JSON.stringify(s.address),
        expiresAt,
      ],
    );
    await tx.query(
      `INSERT INTO order_lines (order_id, position, sku_id, product_id, title, attrs, image, unit_amount, quantity)
       SELECT $1, l.position, l.sku_id, l.product_id, l.title, l.attrs, l.image, l.unit_amount, l.quantity
       FROM jsonb_to_recordset($2::jsonb) AS l(position int, sku_id uuid, product_id uuid, title jsonb, attrs jsonb, image text, unit_amount bigint, quantity int)`,
      [
        s.orderId,
        JSON.stringify(
          priced.map((l, position) => ({
            position,
            sku_id: l.skuId,
            product_id: l.productId,
            title: l.title,
            attrs: l.attrs,
            image: l.image,
            unit_amount: l.unitPrice.amount,
            quantity: l.quantity,
          })),
        ),
      ],
    );
    await recordStatus(tx, s.orderId, null, 'PENDING_PAYMENT', { actor: 'buyer', reason: 'order placed' });
    await deps.bus.publish(tx, OrderPlaced, {
      orderId: s.orderId,
      orderNo,
      buyerId: s.buyerId,
      at: now.toISOString(),
      total: breakdown.total,
      lines: priced.map((l) => ({ skuId: l.skuId, quantity: l.quantity, title: l.title, unitPrice: l.unitPrice })),
      expiresAt,
    });
    return { orderNo, expiresAt };
  });
}

/** Undoes writeOrder: the unpaid order is cancelled (its order.cancelled releases what it held). */
export async function cancelUnpaid(deps: CheckoutDeps, s: CheckoutState): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM orders WHERE id = $1', [s.orderId]);
    if (!exists) return;
    const { row, decision } = await deps.moves.apply(tx, s.orderId, 'cancel', { actor: 'system', reason: 'checkout compensated' });
    if (decision.kind === 'move') await deps.moves.publishCancelled(tx, row, 'checkout_failed');
  });
}
