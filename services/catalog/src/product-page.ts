// The storefront's product page: a product on sale with its names resolved (brand, categories, attributes) and its
// SKUs with what inventory says may be bought, asked in one batched call with a deadline. When inventory is slow or
// down the page still answers, its availability marked unknown: browsing must not fail with the warehouse.
// The part without availability is what the cache holds (storefront-cache.ts); availability is asked per request.
import { MallError } from '@mall/contracts';
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { notFound } from './records.ts';

type ProductDetail = CatalogOutput<'productPage'>;
type SkuDetail = ProductDetail['skus'][number];

/** The product page as cached: everything but what may be bought now, which changes with every order. */
export type ProductPageBase = Omit<ProductDetail, 'skus' | 'availabilityKnown'> & { skus: Array<Omit<SkuDetail, 'available'>> };

interface Text {
  zh: string;
  en: string;
}

interface ProductRow {
  id: string;
  title: Text;
  subtitle: Text;
  description: Text;
  images: string[];
  specs: Array<{ attributeId: string; value: string }>;
  category_id: string;
  brand_id: string | null;
  brand_name: Text | null;
  leaf_name: Text;
  middle_id: string | null;
  middle_name: Text | null;
  top_id: string | null;
  top_name: Text | null;
}

interface AttributeRow {
  id: string;
  kind: 'spec' | 'sale';
  name: Text;
  values: string[];
}

interface SkuRow {
  id: string;
  attrs: Array<{ attributeId: string; value: string }>;
  price_amount: string | number;
  currency: string;
  images: string[];
}

export interface ProductPageDeps {
  /** The page without availability, as JSON text (from the cache), or null when the product is not on sale. */
  base: (id: string) => Promise<string | null>;
  inventory: Client<typeof InventoryContract>;
  log: Logger;
  /** How long to wait for availability (the catalog's availabilityTimeoutMs, hot-reloaded). */
  availabilityTimeoutMs: () => number;
}

export async function productPage(deps: ProductPageDeps, id: string): Promise<ProductDetail> {
  const text = await deps.base(id);
  // A draft or a product taken off sale is not the storefront's to show.
  if (text === null) throw notFound('product');
  const base = JSON.parse(text) as ProductPageBase;
  const available = await availabilityOf(
    deps,
    base.skus.map((s) => s.id),
  );
  return {
    ...base,
    skus: base.skus.map((s) => ({ ...s, available: available ? (available.get(s.id) ?? 0) : null })),
    availabilityKnown: available !== undefined,
  };
}

/** The page of a product on sale without availability, read from SQL; null for a draft, one off sale or an unknown id. */
export async function loadProductPageBase(db: ServiceDb, id: string): Promise<ProductPageBase | null> {
  const [product] = await db.query<ProductRow>(
    `SELECT p.id, p.title, p.subtitle, p.description, p.images, p.specs, p.category_id, b.id AS brand_id, b.name AS brand_name,
            leaf.name AS leaf_name, middle.id AS middle_id, middle.name AS middle_name, top.id AS top_id, top.name AS top_name
       FROM products p
       LEFT JOIN brands b ON b.id = p.brand_id
       JOIN categories leaf ON leaf.id = p.category_id
       LEFT JOIN categories middle ON middle.id = leaf.parent_id
       LEFT JOIN categories top ON top.id = middle.parent_id
      WHERE p.id = $1 AND p.status = 'on_sale'`,
    [id],
  );
  if (!product) return null;
  // The category's attributes and the product's SKUs do not depend on each other: ask for both at once.
  const [attributes, skus] = await Promise.all([
    db.query<AttributeRow>('SELECT id, kind, name, "values" FROM attributes WHERE category_id = $1 ORDER BY position, created_at', [
      product.category_id,
    ]),
    db.query<SkuRow>('SELECT id, attrs, price_amount, currency, images FROM skus WHERE product_id = $1 ORDER BY seq', [id]),
  ]);
  const names = new Map(attributes.map((a) => [a.id, a.name]));
  return {
    id: product.id,
    title: product.title,
    subtitle: product.subtitle,
    description: product.description,
    images: product.images,
    brand: product.brand_id !== null && product.brand_name !== null ? { id: product.brand_id, name: product.brand_name } : null,
    categories: [
      ...(product.top_id !== null && product.top_name !== null ? [{ id: product.top_id, name: product.top_name }] : []),
      ...(product.middle_id !== null && product.middle_name !== null ? [{ id: product.middle_id, name: product.middle_name }] : []),
      { id: product.category_id, name: product.leaf_name },
    ],
    specs: product.specs.flatMap((s) => {
      const name = names.get(s.attributeId);
      return name ? [{ attributeId: s.attributeId, name, value: s.value }] : [];
    }),
    saleAttributes: attributes.filter((a) => a.kind === 'sale').map((a) => ({ id: a.id, name: a.name, values: a.values })),
    skus: skus.map((s) => ({
      id: s.id,
      attrs: s.attrs,
      price: { amount: Number(s.price_amount), currency: s.currency.trim() },
      images: s.images,
    })),
  };
}

/**
 * What may be bought of each SKU, in one call with the page's own deadline; undefined when inventory could not answer
 * in time (unavailable, too slow, failing). A refusal of the request itself (a 4xx) is a bug here, and is thrown.
 */
async function availabilityOf(deps: ProductPageDeps, skuIds: string[]): Promise<Map<string, number> | undefined> {
  if (skuIds.length === 0) return new Map();
  try {
    const { items } = await deps.inventory.availability({ skuIds }, { timeoutMs: deps.availabilityTimeoutMs() });
    return new Map(items.map((i) => [i.skuId, i.available]));
  } catch (err) {
    if (!(err instanceof MallError) || err.status < 500) throw err;
    deps.log.warn({ code: err.code }, 'product page without availability: inventory did not answer in time');
    return undefined;
  }
}
