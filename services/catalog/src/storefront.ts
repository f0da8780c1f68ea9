// What the storefront reads from SQL: the category tree and the home page. These are the loaders of the cache in
// front of them (storefront-cache.ts: process LRU → Redis → SQL).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import { categories, homeSections, products, skus } from './schema.ts';

type Tree = CatalogOutput<'categoryTree'>;
type Home = CatalogOutput<'homePage'>;

/** Every category in one query, assembled into top → middle → leaf, each level in position order. */
export async function categoryTree(db: ServiceDb): Promise<Tree> {
  const rows = await db.orm
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.createdAt));
  const childrenOf = new Map<string | null, typeof rows>();
  for (const row of rows) childrenOf.set(row.parentId, [...(childrenOf.get(row.parentId) ?? []), row]);
  const nodes = (parentId: string | null) => (childrenOf.get(parentId) ?? []).map(({ id, name }) => ({ id, name }));
  return {
    categories: nodes(null).map((top) => ({
      ...top,
      children: nodes(top.id).map((middle) => ({ ...middle, children: nodes(middle.id) })),
    })),
  };
}

/** Banners, then featured lists showing only their products on sale, in the list's order, with the lowest SKU price. */
export async function homePage(db: ServiceDb): Promise<Home> {
  const sections = await db.orm.select().from(homeSections).orderBy(asc(homeSections.position), asc(homeSections.createdAt));
  const ids = [...new Set(sections.flatMap((s) => s.productIds))];
  const cards = new Map((await productCards(db, ids)).map((c) => [c.id, c]));
  return {
    banners: sections
      .filter((s) => s.kind === 'banner' && s.image !== null)
      .map((s) => ({ id: s.id, title: s.title, image: s.image!, link: s.link })),
    featured: sections
      .filter((s) => s.kind === 'featured')
      .map((s) => ({ id: s.id, title: s.title, products: s.productIds.flatMap((id) => cards.get(id) ?? []) })),
  };
}

async function productCards(db: ServiceDb, ids: string[]): Promise<Home['featured'][number]['products']> {
  if (ids.length === 0) return [];
  const onSale = await db.orm
    .select({ id: products.id, title: products.title, images: products.images })
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.status, 'on_sale')));
  if (onSale.length === 0) return [];
  const prices = await db.orm
    .select({ productId: skus.productId, amount: skus.priceAmount, currency: skus.currency })
    .from(skus)
    .where(
      inArray(
        skus.productId,
        onSale.map((p) => p.id),
      ),
    );
  return onSale.map((p) => {
    const lowest = prices.filter((s) => s.productId === p.id).sort((a, b) => a.amount - b.amount)[0];
    return {
      id: p.id,
      title: p.title,
      image: p.images[0] ?? null,
      price: lowest ? { amount: lowest.amount, currency: lowest.currency } : null,
    };
  });
}
