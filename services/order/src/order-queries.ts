// Lists of orders: a buyer's own, and the back office's search by number, buyer, status and creation time.
import type { MethodInput, MethodOutput } from '@mall/contracts';
import type { OrderContract } from '@mall/contracts/order';
import type { ServiceDb } from '@mall/platform/db';
import { toSummary, type OrderRow } from './order-rows.ts';

type OrderPage = MethodOutput<typeof OrderContract, 'listOrders'>;
type Search = MethodInput<typeof OrderContract, 'searchOrders'>;

const DEFAULT_PAGE_SIZE = 20;

export function listOrders(db: ServiceDb, input: MethodInput<typeof OrderContract, 'listOrders'>): Promise<OrderPage> {
  return searchOrders(db, { buyerId: input.buyerId, status: input.status, page: input.page, pageSize: input.pageSize });
}

export async function searchOrders(db: ServiceDb, input: Search): Promise<OrderPage> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (input.orderNo !== undefined) add('o.order_no = ?', input.orderNo);
  if (input.buyerId !== undefined) add('o.buyer_id = ?', input.buyerId);
  if (input.status !== undefined) add('o.status = ?', input.status);
  if (input.from !== undefined) add('o.created_at >= ?', input.from);
  if (input.to !== undefined) add('o.created_at < ?', input.to);
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [counted] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders o ${filter}`, params);
  const rows = await db.query<OrderRow>(
    `SELECT o.*, (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS line_count
     FROM orders o ${filter} ORDER BY o.created_at DESC, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  return { items: rows.map(toSummary), total: counted?.total ?? 0, page, pageSize };
}
