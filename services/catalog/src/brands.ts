// Brands in SQL: created once per idempotency key, read, listed by position, changed with a version, and
// deleted only while no product names them.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { fieldRefused } from '@mall/contracts';
import type { CatalogInput, CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf } from './records.ts';
import { brands, products } from './schema.ts';

type Brand = CatalogOutput<'getBrand'>;
type Row = typeof brands.$inferSelect;

export class Brands {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createBrand'>): Promise<Brand> {
    const { idempotencyKey, ...fields } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: 'brand', key: idempotencyKey, request: fields }, async () => {
        const [row] = await tx.orm.insert(brands).values(fields).returning();
        return toBrand(row!);
      }),
    );
  }

  async get(id: string): Promise<Brand> {
    const [row] = await this.db.orm.select().from(brands).where(eq(brands.id, id));
    if (!row) throw notFound('brand');
    return toBrand(row);
  }

  async list(input: CatalogInput<'listBrands'>): Promise<CatalogOutput<'listBrands'>> {
    const { limit, offset } = pageOf(input);
    const [rows, [total]] = await Promise.all([
      this.db.orm.select().from(brands).orderBy(asc(brands.position), asc(brands.createdAt)).limit(limit).offset(offset),
      this.db.orm.select({ n: count() }).from(brands),
    ]);
    return { items: rows.map(toBrand), total: total?.n ?? 0 };
  }

  async update(input: CatalogInput<'updateBrand'>): Promise<Brand> {
    const { id, version, ...changes } = input;
    const rows = await this.db.orm
      .update(brands)
      .set({ ...defined(changes), version: sql`${brands.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(brands.id, id), eq(brands.version, version)))
      .returning();
    return toBrand(await afterVersionedUpdate(rows, 'brand', () => this.versionOf(id)));
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.orm.select({ id: brands.id }).from(brands).where(eq(brands.id, id)).for('update');
      if (!row) throw notFound('brand');
      const [used] = await tx.orm.select({ n: count() }).from(products).where(eq(products.brandId, id));
      if ((used?.n ?? 0) > 0) throw fieldRefused('BRAND_IN_USE', { path: '/id', message: `${used?.n} products name this brand` });
      await tx.orm.delete(brands).where(eq(brands.id, id));
    });
  }

  private async versionOf(id: string): Promise<number | undefined> {
    const [row] = await this.db.orm.select({ version: brands.version }).from(brands).where(eq(brands.id, id));
    return row?.version;
  }
}

function toBrand(row: Row): Brand {
  return { id: row.id, name: row.name, logo: row.logo, position: row.position, ...stampsOf(row) };
}
