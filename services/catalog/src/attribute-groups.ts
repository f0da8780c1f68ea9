// Attribute groups in SQL: how a leaf category's spec attributes are grouped on the product page.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { CatalogInput, CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { findRow } from './categories.ts';
import { assertLeaf } from './domain/categories.ts';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf, unknownReference } from './records.ts';
import { attributeGroups } from './schema.ts';

type Group = CatalogOutput<'getAttributeGroup'>;
type Row = typeof attributeGroups.$inferSelect;

export class AttributeGroups {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createAttributeGroup'>): Promise<Group> {
    const { idempotencyKey, ...fields } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: 'attribute-group', key: idempotencyKey, request: fields }, async () => {
        const category = await findRow(tx.orm, fields.categoryId, true);
        if (!category) throw unknownReference('UNKNOWN_CATEGORY', '/categoryId', 'category');
        assertLeaf(category);
        const [row] = await tx.orm.insert(attributeGroups).values(fields).returning();
        return toGroup(row!);
      }),
    );
  }

  async get(id: string): Promise<Group> {
    const [row] = await this.db.orm.select().from(attributeGroups).where(eq(attributeGroups.id, id));
    if (!row) throw notFound('attribute group');
    return toGroup(row);
  }

  async list(input: CatalogInput<'listAttributeGroups'>): Promise<CatalogOutput<'listAttributeGroups'>> {
    const { limit, offset } = pageOf(input);
    const where = input.categoryId ? eq(attributeGroups.categoryId, input.categoryId) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db.orm
        .select()
        .from(attributeGroups)
        .where(where)
        .orderBy(asc(attributeGroups.position), asc(attributeGroups.createdAt))
        .limit(limit)
        .offset(offset),
      this.db.orm.select({ n: count() }).from(attributeGroups).where(where),
    ]);
    return { items: rows.map(toGroup), total: total?.n ?? 0 };
  }

  async update(input: CatalogInput<'updateAttributeGroup'>): Promise<Group> {
    const { id, version, ...changes } = input;
    const rows = await this.db.orm
      .update(attributeGroups)
      .set({ ...defined(changes), version: sql`${attributeGroups.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(attributeGroups.id, id), eq(attributeGroups.version, version)))
      .returning();
    return toGroup(
      await afterVersionedUpdate(rows, 'attribute group', async () => {
        const [row] = await this.db.orm.select({ v: attributeGroups.version }).from(attributeGroups).where(eq(attributeGroups.id, id));
        return row?.v;
      }),
    );
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.db.orm.delete(attributeGroups).where(eq(attributeGroups.id, id)).returning({ id: attributeGroups.id });
    if (deleted.length === 0) throw notFound('attribute group');
  }
}

function toGroup(row: Row): Group {
  return { id: row.id, categoryId: row.categoryId, name: row.name, position: row.position, ...stampsOf(row) };
}
