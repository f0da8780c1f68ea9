// The storefront's cached reads — the product page (without availability), the category tree and the home page —
// in the kernel's read-through cache (process LRU → Redis → SQL), and what each back-office write makes stale.
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { Cache, CacheOptions } from '@mall/platform/cache';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import { loadProductPageBase } from './product-page.ts';
import { categoryTree, homePage } from './storefront.ts';

type Tree = CatalogOutput<'categoryTree'>;
type Home = CatalogOutput<'homePage'>;

/** The one key of the caches that hold a single document. */
const TREE = 'tree';
const HOME = 'home';

export interface StorefrontCacheDeps {
  db: ServiceDb;
  /** ctx.cache: opens a cache of this service, hearing the invalidations of every instance. */
  open: (name: string, opts: CacheOptions) => Promise<Cache>;
  log: Logger;
  /** Lifetime of an entry in Redis, before the kernel's jitter (each write lives ttlMs × (1 + U[0, 0.2))). */
  ttlMs: number;
}

export class StorefrontCache {
  private constructor(
    private readonly deps: StorefrontCacheDeps,
    private readonly products: Cache,
    private readonly tree: Cache,
    private readonly home: Cache,
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
    return new StorefrontCache(deps, products, tree, home);
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

  /** A product, its SKUs or its status changed (or it was created or deleted): its page and the home page's cards. */
  async productChanged(id: string): Promise<void> {
    await this.drop([
      [this.products, id],
      [this.home, HOME],
    ]);
  }

  /** A category was renamed or moved: the tree, and the pages of the products under it (they show its name). */
  async categoryChanged(id: string, { named }: { named: boolean }): Promise<void> {
    const under = named ? await this.onSaleUnder(id) : [];
    await this.drop([[this.tree, TREE], ...under.map((p): [Cache, string] => [this.products, p])]);
  }

  /** A brand was renamed: the pages of its products. */
  async brandChanged(id: string): Promise<void> {
    const rows = await this.deps.db.query<{ id: string }>(`SELECT id FROM products WHERE brand_id = $1 AND status = 'on_sale'`, [id]);
    await this.drop(rows.map((r): [Cache, string] => [this.products, r.id]));
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
