// The storefront's product listing: the read model kept in product_listing (refreshed in the transaction of every
// write that changes what a shopper sees) and the queries over it: a page of products with its total and facets.
import { MAX_FACET_VALUES, type CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { listingOrder, listingWhere, PRICE_BUCKETS, priceBucketSql, type Facet, type ListingQuery } from './domain/listing-query.ts';
import { documentTerms } from './domain/search-text.ts';

interface Text {
  zh: string;
  en: string;
}

type ListingPage = CatalogOutput<'searchProducts'>;
type ListingFacets = ListingPage['facets'];

interface SourceRow {
  status: string;
  title: Text;
  subtitle: Text;
  images: string[];
  brand_id: string | null;
  brand_name: Text | null;
  category_id: string;
  leaf_name: Text;
  middle_id: string | null;
  middle_name: Text | null;
  top_id: string | null;
  top_name: Text | null;
  created_at: Date;
}

interface SkuRow {
  attrs: Array<{ attributeId: string; value: string }>;
  price_amount: string | number;
  currency: string;
  images: string[];
}

/**
 * Rewrites (or removes) the product's listing row from its current state: call it in the transaction of any write
 * to the product, its SKUs, its brand or its categories, so the listing commits with the change.
 */
export async function refreshListing(tx: Tx, productId: string): Promise<void> {
  const [product] = await tx.query<SourceRow>(
    `SELECT p.status, p.title, p.subtitle, p.images, p.brand_id, b.name AS brand_name, p.category_id,
            leaf.name AS leaf_name, middle.id AS middle_id, middle.name AS middle_name, top.id AS top_id, top.name AS top_name,
            p.created_at
       FROM products p
       LEFT JOIN brands b ON b.id = p.brand_id
       JOIN categories leaf ON leaf.id = p.category_id
       LEFT JOIN categories middle ON middle.id = leaf.parent_id
       LEFT JOIN categories top ON top.id = middle.parent_id
      WHERE p.id = $1`,
    [productId],
  );
  const skus = product
    ? await tx.query<SkuRow>('SELECT attrs, price_amount, currency, images FROM skus WHERE product_id = $1', [productId])
    : [];
  if (!product || product.status !== 'on_sale' || skus.length === 0) {
    await tx.query('DELETE FROM product_listing WHERE product_id = $1', [productId]);
    return;
  }
  const prices = skus.map((s) => Number(s.price_amount));
  const cheapest = skus[prices.indexOf(Math.min(...prices))]!;
  const title = documentTerms([product.title.zh, product.title.en]);
  const other = documentTerms(
    [product.subtitle, product.brand_name, product.leaf_name, product.middle_name, product.top_name]
      .filter((t): t is Text => t !== null)
      .flatMap((t) => [t.zh, t.en]),
  );
  const path = [product.top_id, product.middle_id, product.category_id].filter((id): id is string => id !== null);
  const attrs = [...new Set(skus.flatMap((s) => s.attrs.map((a) => `${a.attributeId}:${a.value}`)))];
  await tx.query(
    `INSERT INTO product_listing (product_id, category_path, category_id, brand_id, title, image, min_price, max_price, currency, attrs,
                                  listed_at, title_words, title_bigrams, other_words, other_bigrams)
     VALUES ($1, $2::uuid[], $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14, $15)
     ON CONFLICT (product_id) DO UPDATE SET
       category_path = EXCLUDED.category_path, category_id = EXCLUDED.category_id, brand_id = EXCLUDED.brand_id,
       title = EXCLUDED.title, image = EXCLUDED.image, min_price = EXCLUDED.min_price, max_price = EXCLUDED.max_price,
       currency = EXCLUDED.currency, attrs = EXCLUDED.attrs, listed_at = EXCLUDED.listed_at,
       title_words = EXCLUDED.title_words, title_bigrams = EXCLUDED.title_bigrams,
       other_words = EXCLUDED.other_words, other_bigrams = EXCLUDED.other_bigrams`,
    [
      productId,
      path,
      product.category_id,
      product.brand_id,
      JSON.stringify(product.title),
      product.images[0] ?? skus.find((s) => s.images.length > 0)?.images[0] ?? null,
      Math.min(...prices),
      Math.max(...prices),
      cheapest.currency,
      attrs,
      product.created_at,
      title.words,
      title.bigrams,
      other.words,
      other.bigrams,
    ],
  );
}

/** Rewrites the listing rows that show a brand or a category (of any level) by name: after it was renamed. */
export async function refreshListingsNaming(tx: Tx, named: { brandId: string } | { categoryId: string }): Promise<void> {
  const rows =
    'brandId' in named
      ? await tx.query<{ product_id: string }>('SELECT product_id FROM product_listing WHERE brand_id = $1', [named.brandId])
      : await tx.query<{ product_id: string }>('SELECT product_id FROM product_listing WHERE category_path @> ARRAY[$1::uuid]', [
          named.categoryId,
        ]);
  for (const row of rows) await refreshListing(tx, row.product_id);
}

interface ListedRow {
  product_id: string;
  title: Text;
  image: string | null;
  min_price: string | number;
  max_price: string | number;
  currency: string;
  brand_id: string | null;
  category_id: string;
}

/** A page of listed products, with the total and the facets of the query. */
export async function searchListing(db: ServiceDb, query: ListingQuery): Promise<ListingPage> {
  const where = listingWhere(query);
  const params = [...where.params];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const order = listingOrder(query.sort ?? 'relevance', where.rank);
  const limit = param(query.pageSize);
  const offset = param((query.page - 1) * query.pageSize);
  const [rows, counted] = await Promise.all([
    db.query<ListedRow>(
      `SELECT product_id, title, image, min_price, max_price, currency, brand_id, category_id
         FROM product_listing WHERE ${where.sql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      params,
    ),
    countFacets(db, query),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.product_id,
      title: r.title,
      image: r.image,
      price: { amount: Number(r.min_price), currency: r.currency.trim() },
      maxPrice: Number(r.max_price),
      brandId: r.brand_id,
      categoryId: r.category_id,
    })),
    total: counted.total,
    page: query.page,
    pageSize: query.pageSize,
    facets: counted.facets,
  };
}

interface FacetRow {
  category_id: string | null;
  brand_id: string | null;
  bucket: number | null;
  is_category: boolean;
  is_brand: boolean;
  is_bucket: boolean;
  count: string | number;
}

const GROUPS: Record<Facet | 'total', string> = {
  category: '(category_id)',
  brand: '(brand_id)',
  price: '(bucket)',
  total: '()',
};

/**
 * The total and each facet's counts. A facet counts what the OTHER filters let through (choosing a brand still
 * shows the other brands' counts); facets whose WHERE comes out the same share one GROUPING SETS query, so a
 * query without category, brand or price filters costs a single scan for all of them and the total.
 */
async function countFacets(db: ServiceDb, query: ListingQuery): Promise<{ total: number; facets: ListingFacets }> {
  const wanted: Array<Facet | 'total'> = ['total', 'category', 'brand', 'price'];
  const byWhere = new Map<string, { sql: string; params: unknown[]; sets: Array<Facet | 'total'> }>();
  for (const facet of wanted) {
    const where = listingWhere(query, facet === 'total' ? undefined : facet);
    const key = `${where.sql} ${JSON.stringify(where.params)}`;
    const group = byWhere.get(key) ?? { sql: where.sql, params: where.params, sets: [] };
    group.sets.push(facet);
    byWhere.set(key, group);
  }
  const results = await Promise.all(
    [...byWhere.values()].map((group) => {
      // A column outside every grouping set of the query may be neither selected nor passed to GROUPING.
      const column = (facet: Facet, name: string, flag: string) =>
        group.sets.includes(facet) ? `${name}, GROUPING(${name}) = 0 AS ${flag}` : `NULL AS ${name}, false AS ${flag}`;
      return db.query<FacetRow>(
        `SELECT ${column('category', 'category_id', 'is_category')}, ${column('brand', 'brand_id', 'is_brand')},
                ${column('price', 'bucket', 'is_bucket')}, count(*) AS count
           FROM (SELECT category_id, brand_id, ${priceBucketSql()} AS bucket FROM product_listing WHERE ${group.sql}) AS listed
          GROUP BY GROUPING SETS (${group.sets.map((s) => GROUPS[s]).join(', ')})`,
        group.params,
      );
    }),
  );
  const rows = results.flat();
  const total = Number(rows.find((r) => !r.is_category && !r.is_brand && !r.is_bucket)?.count ?? 0);
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  return {
    total,
    facets: {
      categories: rows
        .filter((r) => r.is_category && r.category_id !== null)
        .map((r) => ({ id: r.category_id!, count: Number(r.count) }))
        .sort(byCount)
        .slice(0, MAX_FACET_VALUES),
      brands: rows
        .filter((r) => r.is_brand && r.brand_id !== null)
        .map((r) => ({ id: r.brand_id!, count: Number(r.count) }))
        .sort(byCount)
        .slice(0, MAX_FACET_VALUES),
      prices: PRICE_BUCKETS.map((b, i) => ({
        from: b.from,
        to: b.to ?? null,
        count: Number(rows.find((r) => r.is_bucket && Number(r.bucket) === i)?.count ?? 0),
      })),
    },
  };
}
