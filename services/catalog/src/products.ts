// Products in the service's schema: created once per idempotency key, in one transaction with the
// record of the answer, and read by id.
import { eq, sql } from 'drizzle-orm';
import { MallError, validationFailed, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { mayCreateProduct, normaliseProductName } from './domain/products.ts';
import { products } from './schema.ts';

type Product = MethodOutput<typeof CatalogContract, 'getProduct'>;

export class Products {
  constructor(
    private readonly db: ServiceDb,
    private readonly limit: () => number,
  ) {}

  create(input: MethodInput<typeof CatalogContract, 'createProduct'>): Promise<Product> {
    const name = normaliseProductName(input.name);
    if (name === '') throw validationFailed('input', [{ path: '/name', message: 'must not be blank' }]);
    return this.db.transaction((tx) =>
      once(tx, { scope: 'product', key: input.idempotencyKey, request: { name } }, async () => {
        // The count and the insert are one decision: the table lock makes concurrent creates take turns.
        await tx.query('LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE');
        const [{ count } = { count: 0 }] = await tx.orm.select({ count: sql<number>`count(*)::int` }).from(products);
        if (!mayCreateProduct(count, this.limit()))
          throw new MallError('PRODUCT_LIMIT_REACHED', `at most ${this.limit()} products are kept`);
        const [row] = await tx.orm.insert(products).values({ name }).returning();
        if (!row) throw new Error('product insert returned nothing');
        return toProduct(row);
      }),
    );
  }

  async get(id: string): Promise<Product> {
    const [row] = await this.db.orm.select().from(products).where(eq(products.id, id));
    if (!row) throw new MallError('NOT_FOUND', 'no such product');
    return toProduct(row);
  }
}

function toProduct(row: typeof products.$inferSelect): Product {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}
