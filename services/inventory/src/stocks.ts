// Stocks in the service's schema: created once per idempotency key, in one transaction with the
// record of the answer, and read by id.
import { eq, sql } from 'drizzle-orm';
import { MallError, validationFailed, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { mayCreateStock, normaliseStockName } from './domain/stocks.ts';
import { stocks } from './schema.ts';

type Stock = MethodOutput<typeof InventoryContract, 'getStock'>;

export class Stocks {
  constructor(
    private readonly db: ServiceDb,
    private readonly limit: () => number,
  ) {}

  create(input: MethodInput<typeof InventoryContract, 'createStock'>): Promise<Stock> {
    const name = normaliseStockName(input.name);
    if (name === '') throw validationFailed('input', [{ path: '/name', message: 'must not be blank' }]);
    return this.db.transaction((tx) =>
      once(tx, { scope: 'stock', key: input.idempotencyKey, request: { name } }, async () => {
        // The count and the insert are one decision: the table lock makes concurrent creates take turns.
        await tx.query('LOCK TABLE stocks IN SHARE ROW EXCLUSIVE MODE');
        const [{ count } = { count: 0 }] = await tx.orm.select({ count: sql<number>`count(*)::int` }).from(stocks);
        if (!mayCreateStock(count, this.limit())) throw new MallError('STOCK_LIMIT_REACHED', `at most ${this.limit()} stocks are kept`);
        const [row] = await tx.orm.insert(stocks).values({ name }).returning();
        if (!row) throw new Error('stock insert returned nothing');
        return toStock(row);
      }),
    );
  }

  async get(id: string): Promise<Stock> {
    const [row] = await this.db.orm.select().from(stocks).where(eq(stocks.id, id));
    if (!row) throw new MallError('NOT_FOUND', 'no such stock');
    return toStock(row);
  }
}

function toStock(row: typeof stocks.$inferSelect): Stock {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}
