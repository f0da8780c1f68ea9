// The storefront's cached reads — the product page (without availability), the category tree, the home page and the
// pages of the product listing — in the kernel's read-through cache (process LRU → Redis → SQL), and what each
// back-office write makes stale.
import { randomUUID } from 'node:crypto';
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { Cache, CacheOptions } from '@mall/platform/cache';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import { JsonText } from '@mall/platform/rpc';
import type { ListingQuery } from './domain/listing-query.ts';
import { searchListing } from './listing.ts';
import { loadProductPageBase } from './product-page.ts';
import { categoryTree, homePage } from './storefront.ts';

type Tree = CatalogOutput<'categoryTree'>;
type Home = CatalogOutput<'homePage'>;
type ListingPage = CatalogOutput<'searchProducts'>;

/** The one key of the caches that hold a single document. */
const TREE = 'tree';
const HOME = 'home';
const GENERATION = 'current';

export interface StorefrontCacheDeps {
  db: ServiceDb;
  /** ctx.cache: opens a cache of this service, hearing the invalidations of every instance. */
  open: (name: string, opts: CacheOptions) => Promise<Cache>;
  log: Logger;
  /** Lifetime of an entry in Redis, before the kernel's jitter (each write lives ttlMs × (1 + U[0, 0.2))). */
  ttlMs: number;
  /** Lifetime of a listing page in Redis (every write to the listing makes all of them stale at once anyway). */
  listingTtlMs: number;
}

export class StorefrontCache {
  private constructor(
    private readonly deps: StorefrontCacheDeps,
    private readonly products: Cache,
    private readonly tree: Cache,
    private readonly home: Cache,
    private readonly generation: Cache,
    private readonly listing: Cache,
  ) {}

  static async open(deps: StorefrontCacheDeps): Promise<StorefrontCache> {
    const { db, ttlMs } = deps;
    const products = await deps.open('product-page', {
      ttlMs,
      load: async (id) => {
        const page = await loadProductPageBase(db, id);
        return page === null ? null : JSON.stringify(page);
      },
      // Penetration guard: an id no product ever had is answered at once, with no Redis or SQL round trip.
      knownKeys: { list: async () => (await db.query<{ id: string }>('SELECT id FROM products')).map((r) => r.id) },
    });
    const tree = await deps.open('category-tree', { ttlMs, load: async () => JSON.stringify(await categoryTree(db)) });
    const home = await deps.open('home-page', { ttlMs, load: async () => JSON.stringify(await homePage(db)) });
    // The listing's write generation: a token every write to the listing drops (here and on every instance), so the next
    // read makes a new one and every page cached under the old one is never read again.
    const generation = await deps.open('listing-generation', { ttlMs, load: async () => JSON.stringify(randomUUID()) });
    // A listing page under its generation and normalized query (listingKey), which the loader reads back.
    const listing = await deps.open('listing', {
      ttlMs: deps.listingTtlMs,
      maxBytes: 16 * 1024 * 1024,
      load: async (key) => JSON.stringify(await searchListing(db, queryOfListingKey(key))),
    });
    return new StorefrontCache(deps, products, tree, home, generation, listing);
  }

  /** A page of the product listing as JSON text, as of the last write to the listing. */
  async listingPage(query: ListingQuery): Promise<JsonText<ListingPage>> {
    const generation = (await this.generation.get(GENERATION)) as string;
    return new JsonText((await this.listing.get(listingKey(generation, query))) as string);
  }

  /** A product page without availability, as JSON text; null when the product is not on sale. */
  productPage(id: string): Promise<string | null> {
    return this.products.get(id);
  }

  async categoryTree(): Promise<Tree> {
    return JSON.parse((await this.tree.get(TREE)) as string) as Tree;
  }

  async homePage(): Promise<Home> {
    return JSON.parse((await this.home.get(HOME)) as string) as Home;
  }

  /** A product, its SKUs or its status changed (or it was created or deleted): its page, the home page's cards, the listing. */
  async productChanged(id: string): Promise<void> {
    await this.drop([
      [this.products, id],
      [this.home, HOME],
      [this.generation, GENERATION],
    ]);
  }

  /** A category was renamed or moved: the tree, the listing, and the pages of the products under it (they show its name). */
  async categoryChanged(id: string, { named }: { named: boolean }): Promise<void> {
    const under = named ? await this.onSaleUnder(id) : [];
    await this.drop([[this.tree, TREE], [this.generation, GENERATION], ...under.map((p): [Cache, string] => [this.products, p])]);
  }

  /** A brand was renamed: the listing (it searches brand names) and the pages of its products. */
  async brandChanged(id: string): Promise<void> {
    const rows = await this.deps.db.query<{ id: string }>(`SELECT id FROM products WHERE brand_id = $1 AND status = 'on_sale'`, [id]);
    await this.drop([[this.generation, GENERATION], ...rows.map((r): [Cache, string] => [this.products, r.id])]);
  }

  /** An attribute of a leaf was renamed, reordered or given other values: the pages of the leaf's products. */
  async attributeChanged(categoryId: string): Promise<void> {
    await this.drop((await this.onSaleUnder(categoryId)).map((p): [Cache, string] => [this.products, p]));
  }

  async homeChanged(): Promise<void> {
    await this.drop([[this.home, HOME]]);
  }

  /** After the demo seed wrote through the modules (no handler saw it): everything it may have touched. */
  async everythingChanged(): Promise<void> {
    await this.products.rebuildKnownKeys();
    await this.drop([
      [this.tree, TREE],
      [this.home, HOME],
      [this.generation, GENERATION],
    ]);
  }

  /** The ids of the products on sale in a category's subtree (a leaf, a middle or a top category). */
  private async onSaleUnder(categoryId: string): Promise<string[]> {
    const rows = await this.deps.db.query<{ id: string }>(
      `SELECT p.id FROM products p
         JOIN categories leaf ON leaf.id = p.category_id
         LEFT JOIN categories middle ON middle.id = leaf.parent_id
        WHERE p.status = 'on_sale' AND (leaf.id = $1 OR middle.id = $1 OR middle.parent_id = $1)`,
      [categoryId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Drops the keys here and on every instance. The write has committed already: a failure (Redis or NATS away) is
   * logged, not thrown, and the entry lives at most the LRU's 30 s here and its TTL in Redis.
   */
  private async drop(entries: Array<[Cache, string]>): Promise<void> {
    const outcomes = await Promise.allSettled(entries.map(([cache, key]) => cache.invalidate(key)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected')
        this.deps.log.error(
          { err: outcome.reason as unknown, cache: entries[i]![0].name, key: entries[i]![1] },
          'storefront cache: an invalidation did not reach every instance',
        );
    });
  }
}

/**
 * The listing cache's key: the generation, then the query with its fields in a fixed order and its attribute filters
 * sorted (they all must match, in any order), so the same query however written is one entry.
 */
export function listingKey(generation: string, q: ListingQuery): string {
  const attrs = q.attrs === undefined ? null : [...q.attrs].sort();
  const fields = [q.categoryId, q.brandId, q.q, q.minPrice, q.maxPrice, attrs, q.sort, q.page, q.pageSize].map((v) => v ?? null);
  return `${generation}|${JSON.stringify(fields)}`;
}

/** The query a listing key was made from. */
export function queryOfListingKey(key: string): ListingQuery {
  const [categoryId, brandId, q, minPrice, maxPrice, attrs, sort, page, pageSize] = JSON.parse(key.slice(key.indexOf('|') + 1)) as [
    string | null,
    string | null,
    string | null,
    number | null,
    number | null,
    string[] | null,
    ListingQuery['sort'] | null,
    number,
    number,
  ];
  return {
    ...(categoryId !== null ? { categoryId } : {}),
    ...(brandId !== null ? { brandId } : {}),
    ...(q !== null ? { q } : {}),
    ...(minPrice !== null ? { minPrice } : {}),
    ...(maxPrice !== null ? { maxPrice } : {}),
    ...(attrs !== null ? { attrs } : {}),
    ...(sort !== null ? { sort } : {}),
    page,
    pageSize,
  };
}
