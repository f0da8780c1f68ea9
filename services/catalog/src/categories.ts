// The category tree in SQL: created under a parent (idempotent by key), read, listed by level and
// position, renamed or reordered with a version, and deleted only when nothing hangs under it.
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { CatalogInput, CatalogOutput } from '@mall/contracts/catalog';
import type { Orm, ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { assertDeletable, assertRoomUnder, levelUnder } from './domain/categories.ts';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf, unknownReference } from './records.ts';
import { categories, products } from './schema.ts';

type Category = CatalogOutput<'getCategory'>;
type Row = typeof categories.$inferSelect;

export class Categories {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createCategory'>): Promise<Category> {
    const { idempotencyKey, parentId = null, ...fields } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: 'category', key: idempotencyKey, request: { parentId, ...fields } }, async () => {
        // Creates take turns (the back office makes few): the sibling count and the insert are one decision.
        await tx.query('LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE');
        const parent = parentId === null ? undefined : await findRow(tx.orm, parentId, true);
        if (parentId !== null && !parent) throw unknownReference('UNKNOWN_CATEGORY', '/parentId', 'parent category');
        const level = levelUnder(parent);
        const [siblings] = await tx.orm
          .select({ n: count() })
          .from(categories)
          .where(parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId));
        assertRoomUnder(siblings?.n ?? 0);
        const [row] = await tx.orm
          .insert(categories)
          .values({ ...fields, parentId, level })
          .returning();
        return toCategory(row!);
      }),
    );
  }

  async get(id: string): Promise<Category> {
    const row = await findRow(this.db.orm, id);
    if (!row) throw notFound('category');
    return toCategory(row);
  }

  async list(input: CatalogInput<'listCategories'>): Promise<CatalogOutput<'listCategories'>> {
    const { limit, offset } = pageOf(input);
    const where = input.parentId ? eq(categories.parentId, input.parentId) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db.orm
        .select()
        .from(categories)
        .where(where)
        .orderBy(asc(categories.level), asc(categories.position), asc(categories.createdAt))
        .limit(limit)
        .offset(offset),
      this.db.orm.select({ n: count() }).from(categories).where(where),
    ]);
    return { items: rows.map(toCategory), total: total?.n ?? 0 };
  }

  async update(input: CatalogInput<'updateCategory'>): Promise<Category> {
    const { id, version, ...changes } = input;
    const rows = await this.db.orm
      .update(categories)
      .set({ ...defined(changes), version: sql`${categories.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(categories.id, id), eq(categories.version, version)))
      .returning();
    return toCategory(await afterVersionedUpdate(rows, 'category', async () => (await findRow(this.db.orm, id))?.version));
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.orm.select().from(categories).where(eq(categories.id, id)).for('update');
      if (!row) throw notFound('category');
      // Children and products are counted with the row locked: a child created meanwhile waits for this transaction.
      const [children] = await tx.orm.select({ n: count() }).from(categories).where(eq(categories.parentId, id));
      const [held] = await tx.orm.select({ n: count() }).from(products).where(eq(products.categoryId, id));
      assertDeletable({ children: children?.n ?? 0, products: held?.n ?? 0 });
      await tx.orm.delete(categories).where(eq(categories.id, id));
    });
  }
}

/** A category row, locked when `lock` (a creation under it must not race its deletion). */
export async function findRow(orm: Orm, id: string, lock = false): Promise<Row | undefined> {
  const query = orm.select().from(categories).where(eq(categories.id, id));
  const [row] = lock ? await query.for('share') : await query;
  return row;
}

function toCategory(row: Row): Category {
  return { id: row.id, parentId: row.parentId, level: row.level, name: row.name, position: row.position, ...stampsOf(row) };
}
