// Attributes in SQL: spec attributes (shown on the product page) and sale attributes (which define the
// SKUs of a leaf category's products). Sale attributes never change under SKUs that use them.
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { fieldRefused } from '@mall/contracts';
import type { CatalogInput, CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { findRow } from './categories.ts';
import { assertKeepsUsedValues, assertSaleAttributesFree, assertValues } from './domain/attributes.ts';
import { assertLeaf } from './domain/categories.ts';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf, unknownReference } from './records.ts';
import { attributeGroups, attributes, categories, products } from './schema.ts';

type Attribute = CatalogOutput<'getAttribute'>;
type Row = typeof attributes.$inferSelect;

export class Attributes {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createAttribute'>): Promise<Attribute> {
    const { idempotencyKey, groupId = null, values = [], ...fields } = input;
    assertValues(fields.kind, values);
    return this.db.transaction((tx) =>
      once(tx, { scope: 'attribute', key: idempotencyKey, request: { ...fields, groupId, values } }, async () => {
        const category = await findRow(tx.orm, fields.categoryId, true);
        if (!category) throw unknownReference('UNKNOWN_CATEGORY', '/categoryId', 'category');
        assertLeaf(category);
        if (groupId !== null) await assertGroupOf(tx, groupId, fields.categoryId);
        assertSaleAttributesFree(fields.kind, await productsIn(tx, fields.categoryId));
        const [row] = await tx.orm
          .insert(attributes)
          .values({ ...fields, groupId, values })
          .returning();
        return toAttribute(row!);
      }),
    );
  }

  async get(id: string): Promise<Attribute> {
    const [row] = await this.db.orm.select().from(attributes).where(eq(attributes.id, id));
    if (!row) throw notFound('attribute');
    return toAttribute(row);
  }

  async list(input: CatalogInput<'listAttributes'>): Promise<CatalogOutput<'listAttributes'>> {
    const { limit, offset } = pageOf(input);
    const filters: SQL[] = [];
    if (input.categoryId) filters.push(eq(attributes.categoryId, input.categoryId));
    if (input.kind) filters.push(eq(attributes.kind, input.kind));
    const where = and(...filters);
    const [rows, [total]] = await Promise.all([
      this.db.orm
        .select()
        .from(attributes)
        .where(where)
        .orderBy(asc(attributes.position), asc(attributes.createdAt))
        .limit(limit)
        .offset(offset),
      this.db.orm.select({ n: count() }).from(attributes).where(where),
    ]);
    return { items: rows.map(toAttribute), total: total?.n ?? 0 };
  }

  update(input: CatalogInput<'updateAttribute'>): Promise<Attribute> {
    const { id, version, ...changes } = input;
    return this.db.transaction(async (tx) => {
      const [current] = await tx.orm.select().from(attributes).where(eq(attributes.id, id)).for('update');
      if (!current) throw notFound('attribute');
      if (changes.groupId) await assertGroupOf(tx, changes.groupId, current.categoryId);
      if (changes.values) {
        assertValues(current.kind, changes.values);
        assertKeepsUsedValues(current.kind, changes.values, await valuesInUse(tx, id));
      }
      const rows = await tx.orm
        .update(attributes)
        .set({ ...defined(changes), version: sql`${attributes.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(attributes.id, id), eq(attributes.version, version)))
        .returning();
      return toAttribute(await afterVersionedUpdate(rows, 'attribute', async () => current.version));
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [current] = await tx.orm.select().from(attributes).where(eq(attributes.id, id)).for('update');
      if (!current) throw notFound('attribute');
      assertSaleAttributesFree(current.kind, await productsIn(tx, current.categoryId));
      const [specUse] = await tx.orm
        .select({ n: count() })
        .from(products)
        .where(sql`${products.specs} @> ${JSON.stringify([{ attributeId: id }])}::jsonb`);
      if ((specUse?.n ?? 0) > 0)
        throw fieldRefused('ATTRIBUTE_IN_USE', { path: '/id', message: `${specUse?.n} products show a value of it` });
      await tx.orm.delete(attributes).where(eq(attributes.id, id));
    });
  }
}

/** The category is locked first (FOR UPDATE), so a product cannot be created in it while its sale attributes change. */
async function productsIn(tx: Tx, categoryId: string): Promise<number> {
  await tx.orm.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId)).for('update');
  const [row] = await tx.orm.select({ n: count() }).from(products).where(eq(products.categoryId, categoryId));
  return row?.n ?? 0;
}

async function assertGroupOf(tx: Tx, groupId: string, categoryId: string): Promise<void> {
  const [group] = await tx.orm
    .select({ id: attributeGroups.id })
    .from(attributeGroups)
    .where(and(eq(attributeGroups.id, groupId), eq(attributeGroups.categoryId, categoryId)));
  if (!group) throw unknownReference('UNKNOWN_ATTRIBUTE_GROUP', '/groupId', "attribute group in the attribute's category");
}

/** The values of a sale attribute that some SKU carries. */
async function valuesInUse(tx: Tx, attributeId: string): Promise<Set<string>> {
  const rows = await tx.query<{ value: string }>(
    `SELECT DISTINCT a->>'value' AS value FROM skus, jsonb_array_elements(skus.attrs) a WHERE a->>'attributeId' = $1`,
    [attributeId],
  );
  return new Set(rows.map((r) => r.value));
}

function toAttribute(row: Row): Attribute {
  return {
    id: row.id,
    categoryId: row.categoryId,
    groupId: row.groupId,
    kind: row.kind,
    name: row.name,
    values: row.values,
    position: row.position,
    ...stampsOf(row),
  };
}
