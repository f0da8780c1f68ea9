// Orders as rows and as the contract's shapes: reading an order with its lines and history, and turning rows into answers.
import { MallError, type MethodOutput } from '@mall/contracts';
import type { OrderContract } from '@mall/contracts/order';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { OrderStatus } from './domain/status.ts';

export type Order = MethodOutput<typeof OrderContract, 'getOrder'>;
export type OrderSummary = MethodOutput<typeof OrderContract, 'listOrders'>['items'][number];
type Queryable = Pick<ServiceDb, 'query'> | Tx;

export interface OrderRow {
  id: string;
  order_no: string;
  buyer_id: string;
  status: OrderStatus;
  currency: string;
  items_amount: number;
  shipping_amount: number;
  total_amount: number;
  address: Order['address'];
  expires_at: Date | string;
  payment_intent_id: string | null;
  pay_url: string | null;
  carrier: string | null;
  tracking_no: string | null;
  shipped_at: Date | string | null;
  refund_reason: string | null;
  refund_approved_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  line_count?: number;
}

interface LineRow {
  sku_id: string;
  product_id: string;
  title: Order['lines'][number]['title'];
  attrs: Order['lines'][number]['attrs'];
  image: string | null;
  unit_amount: number;
  quantity: number;
}

interface HistoryRow {
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor: 'buyer' | 'staff' | 'system';
  actor_id: string | null;
  reason: string;
  at: Date | string;
}

export const iso = (t: Date | string): string => new Date(t).toISOString();

/** The order, or NOT_FOUND; with `buyerId`, another buyer's order is NOT_FOUND too (never a 403 that confirms it exists). */
export async function readOrder(db: Queryable, orderId: string, buyerId?: string): Promise<Order> {
  const [row] = await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
  if (!row || (buyerId !== undefined && row.buyer_id !== buyerId)) throw new MallError('NOT_FOUND', 'no such order');
  const [lines, history] = await Promise.all([
    db.query<LineRow>('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY position', [orderId]),
    db.query<HistoryRow>('SELECT * FROM order_status_history WHERE order_id = $1 ORDER BY id LIMIT 50', [orderId]),
  ]);
  return toOrder(row, lines, history);
}

export async function readLines(db: Queryable, orderId: string): Promise<Order['lines']> {
  const lines = await db.query<LineRow>('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY position', [orderId]);
  const [row] = await db.query<{ currency: string }>('SELECT currency FROM orders WHERE id = $1', [orderId]);
  return lines.map((l) => toLine(l, row?.currency ?? 'CNY'));
}

export function toSummary(row: OrderRow): OrderSummary {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    id: row.id,
    orderNo: row.order_no,
    buyerId: row.buyer_id,
    status: row.status,
    total: money(row.total_amount),
    lineCount: row.line_count ?? 0,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
  };
}

function toLine(l: LineRow, currency: string): Order['lines'][number] {
  return {
    skuId: l.sku_id,
    productId: l.product_id,
    title: l.title,
    attrs: l.attrs,
    image: l.image,
    unitPrice: { amount: l.unit_amount, currency },
    quantity: l.quantity,
    lineTotal: { amount: l.unit_amount * l.quantity, currency },
  };
}

function toOrder(row: OrderRow, lines: LineRow[], history: HistoryRow[]): Order {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    ...toSummary({ ...row, line_count: lines.length }),
    breakdown: { items: money(row.items_amount), shipping: money(row.shipping_amount), total: money(row.total_amount) },
    lines: lines.map((l) => toLine(l, row.currency)),
    address: row.address,
    payment: row.payment_intent_id && row.pay_url ? { intentId: row.payment_intent_id, payUrl: row.pay_url } : null,
    shipment:
      row.carrier && row.tracking_no && row.shipped_at
        ? { carrier: row.carrier, trackingNo: row.tracking_no, shippedAt: iso(row.shipped_at) }
        : null,
    refundReason: row.refund_reason,
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      actor: h.actor,
      actorId: h.actor_id,
      reason: h.reason,
      at: iso(h.at),
    })),
    updatedAt: iso(row.updated_at),
  };
}
