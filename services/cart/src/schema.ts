// Cart's tables as Drizzle sees them, in the service's own PostgreSQL schema; the SQL that
// creates them is migrations/, which stays the reference.
import { pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const cart = pgSchema('cart');

export const carts = cart.table('carts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
