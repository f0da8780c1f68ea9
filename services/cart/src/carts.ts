// Carts in the service's schema: created once per idempotency key, in one transaction with the
// record of the answer, and read by id.
import { eq, sql } from 'drizzle-orm';
import { MallError, validationFailed, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { CartContract } from '@mall/contracts/cart';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { mayCreateCart, normaliseCartName } from './domain/carts.ts';
import { carts } from './schema.ts';

type Cart = MethodOutput<typeof CartContract, 'getCart'>;

export class Carts {
  constructor(
    private readonly db: ServiceDb,
    private readonly limit: () => number,
  ) {}

  create(input: MethodInput<typeof CartContract, 'createCart'>): Promise<Cart> {
    const name = normaliseCartName(input.name);
    if (name === '') throw validationFailed('input', [{ path: '/name', message: 'must not be blank' }]);
    return this.db.transaction((tx) =>
      once(tx, { scope: 'cart', key: input.idempotencyKey, request: { name } }, async () => {
        // The count and the insert are one decision: the table lock makes concurrent creates take turns.
        await tx.query('LOCK TABLE carts IN SHARE ROW EXCLUSIVE MODE');
        const [{ count } = { count: 0 }] = await tx.orm.select({ count: sql<number>`count(*)::int` }).from(carts);
        if (!mayCreateCart(count, this.limit())) throw new MallError('CART_LIMIT_REACHED', `at most ${this.limit()} carts are kept`);
        const [row] = await tx.orm.insert(carts).values({ name }).returning();
        if (!row) throw new Error('cart insert returned nothing');
        return toCart(row);
      }),
    );
  }

  async get(id: string): Promise<Cart> {
    const [row] = await this.db.orm.select().from(carts).where(eq(carts.id, id));
    if (!row) throw new MallError('NOT_FOUND', 'no such cart');
    return toCart(row);
  }
}

function toCart(row: typeof carts.$inferSelect): Cart {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}
