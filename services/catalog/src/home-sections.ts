// The home page's sections in SQL: banners and featured lists of products, in position order.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { CatalogInput, CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { assertHomeSection } from './domain/home.ts';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf, unknownReference } from './records.ts';
import { homeSections, products } from './schema.ts';

type Section = CatalogOutput<'getHomeSection'>;
type Row = typeof homeSections.$inferSelect;

export class HomeSections {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createHomeSection'>): Promise<Section> {
    const { idempotencyKey, image = null, link = null, productIds = [], ...fields } = input;
    assertHomeSection({ kind: fields.kind, image, productIds });
    return this.db.transaction((tx) =>
      once(tx, { scope: 'home-section', key: idempotencyKey, request: { ...fields, image, link, productIds } }, async () => {
        await assertProductsExist(tx, productIds);
        const [row] = await tx.orm
          .insert(homeSections)
          .values({ ...fields, image, link, productIds })
          .returning();
        return toSection(row!);
      }),
    );
  }

  async get(id: string): Promise<Section> {
    const [row] = await this.db.orm.select().from(homeSections).where(eq(homeSections.id, id));
    if (!row) throw notFound('home section');
    return toSection(row);
  }

  async list(input: CatalogInput<'listHomeSections'>): Promise<CatalogOutput<'listHomeSections'>> {
    const { limit, offset } = pageOf(input);
    const [rows, [total]] = await Promise.all([
      this.db.orm
        .select()
        .from(homeSections)
        .orderBy(asc(homeSections.kind), asc(homeSections.position), asc(homeSections.createdAt))
        .limit(limit)
        .offset(offset),
      this.db.orm.select({ n: count() }).from(homeSections),
    ]);
    return { items: rows.map(toSection), total: total?.n ?? 0 };
  }

  update(input: CatalogInput<'updateHomeSection'>): Promise<Section> {
    const { id, version, ...changes } = input;
    return this.db.transaction(async (tx) => {
      const [current] = await tx.orm.select().from(homeSections).where(eq(homeSections.id, id)).for('update');
      if (!current) throw notFound('home section');
      const next = { ...current, ...defined(changes) };
      assertHomeSection(next);
      if (changes.productIds) await assertProductsExist(tx, changes.productIds);
      const rows = await tx.orm
        .update(homeSections)
        .set({ ...defined(changes), version: sql`${homeSections.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(homeSections.id, id), eq(homeSections.version, version)))
        .returning();
      return toSection(await afterVersionedUpdate(rows, 'home section', async () => current.version));
    });
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.db.orm.delete(homeSections).where(eq(homeSections.id, id)).returning({ id: homeSections.id });
    if (deleted.length === 0) throw notFound('home section');
  }
}

async function assertProductsExist(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.orm
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.id, [...ids]));
  const known = new Set(found.map((r) => r.id));
  const i = ids.findIndex((id) => !known.has(id));
  if (i >= 0) throw unknownReference('UNKNOWN_PRODUCT', `/productIds/${i}`, 'product');
}

function toSection(row: Row): Section {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    image: row.image,
    link: row.link,
    productIds: row.productIds,
    position: row.position,
    ...stampsOf(row),
  };
}
