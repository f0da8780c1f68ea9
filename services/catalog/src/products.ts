// SPUs and their SKUs in SQL. Every write that touches a product's SKUs locks the product row first, so
// "one SKU per combination" and "on sale needs a SKU" are decided one writer at a time (the unique index on
// (product, combination) is the last line of defence).
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { fieldRefused, type MallError } from '@mall/contracts';
import { MAX_SKUS_PER_PRODUCT, type CatalogInput, type CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { findRow } from './categories.ts';
import { assertLeaf } from './domain/categories.ts';
import { assertSellable, assertSpecs } from './domain/products.ts';
import { assertDistinctCombinations, assertPositivePrice, checkSkuAttrs, type SaleAttribute } from './domain/skus.ts';
import { refreshListing } from './listing.ts';
import { afterVersionedUpdate, defined, notFound, pageOf, stampsOf, unknownReference } from './records.ts';
import { attributes, brands, homeSections, products, skus } from './schema.ts';

type Product = CatalogOutput<'getProduct'>;
type Sku = CatalogOutput<'createSku'>;
type ProductRow = typeof products.$inferSelect;
type SkuRow = typeof skus.$inferSelect;
type NewSku = CatalogInput<'createSku'>;
type SkuFields = Pick<NewSku, 'attrs' | 'price' | 'barcode' | 'images'>;

const EMPTY_TEXT = { zh: '', en: '' };

export class Products {
  constructor(private readonly db: ServiceDb) {}

  create(input: CatalogInput<'createProduct'>): Promise<Product> {
    const { idempotencyKey, skus: newSkus = [], status = 'draft', brandId = null, ...fields } = input;
    assertSellable(status, newSkus.length);
    return this.db.transaction((tx) =>
      once(tx, { scope: 'product', key: idempotencyKey, request: { ...fields, status, brandId, skus: newSkus } }, async () => {
        const category = await findRow(tx.orm, fields.categoryId, true);
        if (!category) throw unknownReference('UNKNOWN_CATEGORY', '/categoryId', 'category');
        assertLeaf(category);
        if (brandId !== null) await assertBrand(tx, brandId);
        const rules = await attributeRules(tx, fields.categoryId);
        assertSpecs(fields.specs ?? [], rules.specIds);
        const keys = newSkus.map((sku, i) => checkSku(sku, rules.sale, `/skus/${i}`));
        assertDistinctCombinations(keys);
        await assertBarcodesFree(
          tx,
          newSkus.map((s) => s.barcode ?? null),
          '/skus',
        );
        const [row] = await tx.orm
          .insert(products)
          .values({
            ...fields,
            subtitle: fields.subtitle ?? EMPTY_TEXT,
            description: fields.description ?? EMPTY_TEXT,
            brandId,
            status,
          })
          .returning();
        const skuRows =
          newSkus.length === 0
            ? []
            : await tx.orm
                .insert(skus)
                .values(newSkus.map((sku, i) => skuValues(row!.id, sku, keys[i]!)))
                .returning();
        await refreshListing(tx, row!.id);
        return toProduct(row!, skuRows);
      }),
    );
  }

  async get(id: string): Promise<Product> {
    const [row] = await this.db.orm.select().from(products).where(eq(products.id, id));
    if (!row) throw notFound('product');
    return toProduct(row, await this.skusOf([id]));
  }

  async list(input: CatalogInput<'listProducts'>): Promise<CatalogOutput<'listProducts'>> {
    const { limit, offset } = pageOf(input);
    const filters: SQL[] = [];
    if (input.categoryId) filters.push(eq(products.categoryId, input.categoryId));
    if (input.brandId) filters.push(eq(products.brandId, input.brandId));
    if (input.status) filters.push(eq(products.status, input.status));
    const where = and(...filters);
    const [rows, [total]] = await Promise.all([
      this.db.orm.select().from(products).where(where).orderBy(desc(products.createdAt), asc(products.id)).limit(limit).offset(offset),
      this.db.orm.select({ n: count() }).from(products).where(where),
    ]);
    const allSkus = await this.skusOf(rows.map((r) => r.id));
    return {
      items: rows.map((row) =>
        toProduct(
          row,
          allSkus.filter((s) => s.productId === row.id),
        ),
      ),
      total: total?.n ?? 0,
    };
  }

  update(input: CatalogInput<'updateProduct'>): Promise<Product> {
    const { id, version, ...changes } = input;
    return this.db.transaction(async (tx) => {
      const current = await lockProduct(tx, id);
      if (changes.brandId) await assertBrand(tx, changes.brandId);
      if (changes.specs) assertSpecs(changes.specs, (await attributeRules(tx, current.categoryId)).specIds);
      const skuRows = await tx.orm.select().from(skus).where(eq(skus.productId, id)).orderBy(asc(skus.seq));
      if (changes.status) assertSellable(changes.status, skuRows.length);
      const rows = await tx.orm
        .update(products)
        .set({ ...defined(changes), version: sql`${products.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(products.id, id), eq(products.version, version)))
        .returning();
      const updated = await afterVersionedUpdate(rows, 'product', async () => current.version);
      await refreshListing(tx, id);
      return toProduct(updated, skuRows);
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await tx.orm.delete(products).where(eq(products.id, id)).returning({ id: products.id });
      if (deleted.length === 0) throw notFound('product');
      // Featured lists stop showing it (`-` on a jsonb array removes the string element).
      await tx.orm.update(homeSections).set({ productIds: sql`${homeSections.productIds} - ${id}::text` });
    });
  }

  createSku(input: NewSku): Promise<Sku> {
    const { idempotencyKey, productId, ...fields } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: 'sku', key: idempotencyKey, request: { productId, ...fields } }, async () => {
        const product = await lockProduct(tx, productId);
        const existing = await tx.orm.select({ combination: skus.combination }).from(skus).where(eq(skus.productId, productId));
        if (existing.length >= MAX_SKUS_PER_PRODUCT)
          throw fieldRefused('SKU_LIMIT_REACHED', { path: '/productId', message: `a product has at most ${MAX_SKUS_PER_PRODUCT} SKUs` });
        const key = checkSku(fields, (await attributeRules(tx, product.categoryId)).sale, '');
        if (existing.some((s) => s.combination === key)) throw duplicateSku();
        await assertBarcodesFree(tx, [fields.barcode ?? null], '');
        const [row] = await tx.orm
          .insert(skus)
          .values(skuValues(productId, fields, key))
          .returning();
        await refreshListing(tx, productId);
        return toSku(row!);
      }),
    );
  }

  updateSku(input: CatalogInput<'updateSku'>): Promise<Sku> {
    const { id, version, ...changes } = input;
    return this.db.transaction(async (tx) => {
      const current = await lockSkuAndProduct(tx, id);
      const { attrs, price, ...rest } = changes;
      const set: Partial<typeof skus.$inferInsert> = defined(rest);
      if (attrs) {
        const product = await lockProduct(tx, current.productId);
        set.combination = checkSkuAttrs(attrs, (await attributeRules(tx, product.categoryId)).sale);
        set.attrs = attrs;
        const [twin] = await tx.orm
          .select({ id: skus.id })
          .from(skus)
          .where(and(eq(skus.productId, current.productId), eq(skus.combination, set.combination), ne(skus.id, id)));
        if (twin) throw duplicateSku();
      }
      if (price) {
        assertPositivePrice(price);
        Object.assign(set, { priceAmount: price.amount, currency: price.currency });
      }
      if (changes.barcode && changes.barcode !== current.barcode) await assertBarcodesFree(tx, [changes.barcode], '');
      const rows = await tx.orm
        .update(skus)
        .set({ ...set, version: sql`${skus.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(skus.id, id), eq(skus.version, version)))
        .returning();
      const updated = await afterVersionedUpdate(rows, 'SKU', async () => current.version);
      await refreshListing(tx, current.productId);
      return toSku(updated);
    });
  }

  /** Deletes a SKU; answers its product's id. */
  async removeSku(id: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const current = await lockSkuAndProduct(tx, id);
      const product = await lockProduct(tx, current.productId);
      const [left] = await tx.orm.select({ n: count() }).from(skus).where(eq(skus.productId, current.productId));
      assertSellable(product.status, (left?.n ?? 1) - 1, '/id');
      await tx.orm.delete(skus).where(eq(skus.id, id));
      await refreshListing(tx, current.productId);
      return current.productId;
    });
  }

  private async skusOf(productIds: string[]): Promise<SkuRow[]> {
    if (productIds.length === 0) return [];
    return this.db.orm.select().from(skus).where(inArray(skus.productId, productIds)).orderBy(asc(skus.seq));
  }
}

/** The product row, locked for the rest of the transaction. */
async function lockProduct(tx: Tx, id: string): Promise<ProductRow> {
  const [row] = await tx.orm.select().from(products).where(eq(products.id, id)).for('update');
  if (!row) throw notFound('product');
  return row;
}

/** The SKU with its product locked first (the order every SKU write takes, so two writers never deadlock). */
async function lockSkuAndProduct(tx: Tx, id: string): Promise<SkuRow> {
  const [found] = await tx.orm.select({ productId: skus.productId }).from(skus).where(eq(skus.id, id));
  if (!found) throw notFound('SKU');
  await lockProduct(tx, found.productId);
  const [row] = await tx.orm.select().from(skus).where(eq(skus.id, id)).for('update');
  if (!row) throw notFound('SKU');
  return row;
}

/** The spec attribute ids and the sale attributes of a category: what an SPU's specs and its SKUs are checked against. */
async function attributeRules(tx: Tx, categoryId: string): Promise<{ specIds: Set<string>; sale: SaleAttribute[] }> {
  const rows = await tx.orm
    .select({ id: attributes.id, kind: attributes.kind, values: attributes.values })
    .from(attributes)
    .where(eq(attributes.categoryId, categoryId));
  return { specIds: new Set(rows.filter((r) => r.kind === 'spec').map((r) => r.id)), sale: rows.filter((r) => r.kind === 'sale') };
}

function checkSku(sku: SkuFields, sale: readonly SaleAttribute[], at: string): string {
  assertPositivePrice(sku.price, `${at}/price/amount`);
  return checkSkuAttrs(sku.attrs, sale, `${at}/attrs`);
}

async function assertBrand(tx: Tx, brandId: string): Promise<void> {
  const [brand] = await tx.orm.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId)).for('share');
  if (!brand) throw unknownReference('UNKNOWN_BRAND', '/brandId', 'brand');
}

/** Barcodes are unique across the catalog: among the given ones and against every SKU's. */
async function assertBarcodesFree(tx: Tx, barcodes: ReadonlyArray<string | null>, at: string): Promise<void> {
  const given = barcodes.filter((b): b is string => b !== null);
  if (given.length === 0) return;
  const repeated = given.find((b, i) => given.indexOf(b) !== i);
  const [taken] = await tx.orm.select({ barcode: skus.barcode }).from(skus).where(inArray(skus.barcode, given)).limit(1);
  const clash = repeated ?? taken?.barcode;
  if (clash) {
    const i = barcodes.indexOf(clash);
    throw fieldRefused('BARCODE_TAKEN', { path: at === '' ? '/barcode' : `${at}/${i}/barcode`, message: `another SKU has ${clash}` });
  }
}

function duplicateSku(): MallError {
  return fieldRefused('DUPLICATE_SKU', { path: '/attrs', message: 'another SKU of the product has these values' });
}

function skuValues(productId: string, sku: SkuFields, combination: string): typeof skus.$inferInsert {
  return {
    productId,
    attrs: sku.attrs,
    combination,
    priceAmount: sku.price.amount,
    currency: sku.price.currency,
    barcode: sku.barcode ?? null,
    images: sku.images ?? [],
  };
}

function toSku(row: SkuRow): Sku {
  return {
    id: row.id,
    productId: row.productId,
    attrs: row.attrs,
    price: { amount: row.priceAmount, currency: row.currency },
    barcode: row.barcode,
    images: row.images,
    ...stampsOf(row),
  };
}

function toProduct(row: ProductRow, skuRows: readonly SkuRow[]): Product {
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    description: row.description,
    brandId: row.brandId,
    categoryId: row.categoryId,
    images: row.images,
    specs: row.specs,
    status: row.status,
    skus: skuRows.map(toSku),
    ...stampsOf(row),
  };
}
