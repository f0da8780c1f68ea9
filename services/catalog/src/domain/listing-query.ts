// A storefront product query (filters, search, sort, page) as SQL over product_listing: the WHERE clause with its
// parameters, the ORDER BY, and the price buckets the price facet counts. Pure: the filters are bound parameters
// and the orderings come from a fixed table, so no input reaches the SQL text.
import type { CatalogInput } from '@mall/contracts/catalog';
import { queryTerms, type SearchTerms } from './search-text.ts';

export type ListingSort = NonNullable<CatalogInput<'searchProducts'>['sort']>;

/** What the storefront asks: the contract's searchProducts input. */
export type ListingQuery = CatalogInput<'searchProducts'>;

/** The price facet's buckets, in minor units (CNY fen): [from, to) with the last one open. */
export const PRICE_BUCKETS: ReadonlyArray<{ from: number; to?: number }> = [
  { from: 0, to: 10_000 },
  { from: 10_000, to: 50_000 },
  { from: 50_000, to: 100_000 },
  { from: 100_000, to: 500_000 },
  { from: 500_000 },
];

/** Which filters a WHERE clause leaves out: a facet counts what the other filters let through (disjunctive facets). */
export type Facet = 'category' | 'brand' | 'price';

export interface ListingWhere {
  sql: string;
  params: unknown[];
  /** When the query searches: the rank of a row, on the WHERE clause's own parameters (relevance orders by it). */
  rank?: string;
}

/**
 * SQL for the terms, binding each once: the condition (every word, stemmed, and every CJK bigram must be there, or
 * the title's words come close: a typo) and the rank (full-text rank, title terms weighing most, plus that closeness).
 */
export function searchSql(terms: SearchTerms, param: (value: unknown) => string): { condition: string; rank: string } {
  const words = terms.words ? param(terms.words) : undefined;
  const parts: string[] = [];
  if (words) parts.push(`plainto_tsquery('english', ${words})`);
  if (terms.bigrams) parts.push(`plainto_tsquery('simple', ${param(terms.bigrams)})`);
  const tsQuery = parts.join(' && ');
  const fullText = `search @@ (${tsQuery})`;
  // Trigram closeness only helps latin words: bigrams are already exact, and a typo in one is a different word.
  if (words && !terms.bigrams)
    return {
      condition: `(${fullText} OR ${words} <% title_words)`,
      rank: `(ts_rank(search, ${tsQuery}) + word_similarity(${words}, title_words))`,
    };
  return { condition: fullText, rank: `ts_rank(search, ${tsQuery})` };
}

export function listingWhere(query: ListingQuery, without?: Facet): ListingWhere {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (query.categoryId !== undefined && without !== 'category') conditions.push(`category_path @> ARRAY[${param(query.categoryId)}::uuid]`);
  if (query.brandId !== undefined && without !== 'brand') conditions.push(`brand_id = ${param(query.brandId)}`);
  if (query.minPrice !== undefined && without !== 'price') conditions.push(`min_price >= ${param(query.minPrice)}`);
  if (query.maxPrice !== undefined && without !== 'price') conditions.push(`min_price <= ${param(query.maxPrice)}`);
  if (query.attrs?.length) conditions.push(`attrs @> ${param(query.attrs)}::text[]`);
  const terms = query.q === undefined ? undefined : queryTerms(query.q);
  const search = terms ? searchSql(terms, param) : undefined;
  if (search) conditions.push(search.condition);
  return { sql: conditions.length ? conditions.join(' AND ') : 'true', params, ...(search ? { rank: search.rank } : {}) };
}

/**
 * ORDER BY for a sort. Relevance without a search is newest first. Every ordering ends with product_id, so
 * pages never repeat or skip a product whose sort key ties with another's.
 */
export function listingOrder(sort: ListingSort, rank: string | undefined): string {
  switch (sort) {
    case 'price_asc':
      return 'min_price ASC, product_id';
    case 'price_desc':
      return 'min_price DESC, product_id';
    case 'newest':
      return 'listed_at DESC, product_id';
    case 'relevance':
      return rank ? `${rank} DESC, listed_at DESC, product_id` : 'listed_at DESC, product_id';
  }
}

/** The bucket index of a price (minor units) in PRICE_BUCKETS. */
export function priceBucketOf(price: number): number {
  const index = PRICE_BUCKETS.findIndex((b) => price >= b.from && (b.to === undefined || price < b.to));
  return index < 0 ? 0 : index;
}

/** SQL CASE giving a row's price bucket index, from the same table. */
export function priceBucketSql(): string {
  const cases = PRICE_BUCKETS.map((b, i) => (b.to === undefined ? `ELSE ${i}` : `WHEN min_price < ${b.to} THEN ${i}`));
  return `CASE ${cases.join(' ')} END`;
}
