// Cart's tables as Drizzle sees them, in the service's own PostgreSQL schema; the SQL that
// creates them is migrations/, which stays the reference.
import { bigint, boolean, char, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const cart = pgSchema('cart');

export const cartLines = cart.table(
  'cart_lines',
  {
    cartKey: text('cart_key').notNull(),
    skuId: uuid('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
    selected: boolean('selected').notNull().default(true),
    addedPrice: bigint('added_price', { mode: 'number' }).notNull(),
    addedCurrency: char('added_currency', { length: 3 }).notNull(),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartKey, t.skuId] })],
);

export const paidOrders = cart.table('paid_orders', {
  orderId: uuid('order_id').primaryKey(),
  buyerId: uuid('buyer_id').notNull(),
  linesRemoved: integer('lines_removed').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
