// The storefront's product page: a product on sale with its names resolved (brand, categories, attributes) and its
// SKUs with what inventory says may be bought, asked in one batched call with a deadline. When inventory is slow or
// down the page still answers, its availability marked unknown: browsing must not fail with the warehouse.
// The part without availability is what the cache holds (storefront-cache.ts). Inventory's answer serves the pages of
// its product for availabilityCacheMs (1 s by default, one call at a time per product), and the page is served as the
// JSON text composed once per answer: a hit costs no inventory hop and no parse or stringify.
import { MallError } from '@mall/contracts';
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import { JsonText, type Client } from '@mall/platform/rpc';
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
  /** How long an answer of inventory serves the pages of its product (availabilityCacheMs, hot-reloaded); 0 asks per page. */
  availabilityCacheMs: () => number;
}

/** What may be bought of each SKU, or undefined when inventory did not answer in time. */
type Availability = Map<string, number> | undefined;

/** What this instance keeps of one product's page: the cached text it was read from, parsed once, and the last answers. */
interface Memo {
  base: string;
  page: ProductPageBase;
  skuIds: string[];
  /** Inventory's answer (or the call still running), asked at `at`: it serves pages until at + availabilityCacheMs. */
  asked?: { at: number; answer: Promise<Availability> };
  /** The page composed for one answer, served while that answer is. */
  served?: { answer: Map<string, number>; text: JsonText<ProductDetail> };
}

/** Pages this instance keeps parsed and composed; past this, the oldest is dropped (and parsed again when asked). */
const MAX_MEMOS = 2000;

export class ProductPages {
  private readonly memos = new Map<string, Memo>();

  constructor(private readonly deps: ProductPageDeps) {}

  /** The page of a product on sale as JSON text; NOT_FOUND for a draft, a product off sale or an unknown id. */
  async page(id: string): Promise<JsonText<ProductDetail>> {
    const text = await this.deps.base(id);
    // A draft or a product taken off sale is not the storefront's to show.
    if (text === null) {
      this.memos.delete(id);
      throw notFound('product');
    }
    const memo = this.memoOf(id, text);
    const available = await this.availability(memo);
    // Without inventory's answer the page is composed for this request alone: the next one asks again.
    if (available === undefined) return compose(memo.page, undefined);
    if (memo.served?.answer !== available) memo.served = { answer: available, text: compose(memo.page, available) };
    return memo.served.text;
  }

  /** The memo of this version of the page: a new text (the product changed) starts a new one, availability included. */
  private memoOf(id: string, text: string): Memo {
    const known = this.memos.get(id);
    if (known?.base === text) return known;
    const page = JSON.parse(text) as ProductPageBase;
    const memo: Memo = { base: text, page, skuIds: page.skus.map((s) => s.id) };
    this.memos.delete(id);
    if (this.memos.size >= MAX_MEMOS) this.memos.delete(this.memos.keys().next().value!);
    this.memos.set(id, memo);
    return memo;
  }

  /** Inventory's answer for the product's SKUs: the one asked less than availabilityCacheMs ago, or a new call. */
  private availability(memo: Memo): Promise<Availability> {
    const ttlMs = this.deps.availabilityCacheMs();
    if (ttlMs <= 0) return availabilityOf(this.deps, memo.skuIds);
    const now = Date.now();
    // Counted from the call's start: what it answers is never older than that, so a page lags stock by at most ttlMs.
    if (memo.asked && now - memo.asked.at < ttlMs) return memo.asked.answer;
    const asked = { at: now, answer: availabilityOf(this.deps, memo.skuIds) };
    memo.asked = asked;
    // A call that failed or found inventory away is not kept: the next page asks again.
    const forget = () => {
      if (memo.asked === asked) memo.asked = undefined;
    };
    asked.answer.then((answer) => answer === undefined && forget(), forget);
    return asked.answer;
  }
}

/** The page with each SKU's availability (null for all, and availabilityKnown false, without an answer), as JSON text. */
function compose(page: ProductPageBase, available: Availability): JsonText<ProductDetail> {
  const detail: ProductDetail = {
    ...page,
    skus: page.skus.map((s) => ({ ...s, available: available ? (available.get(s.id) ?? 0) : null })),
    availabilityKnown: available !== undefined,
  };
  return new JsonText(JSON.stringify(detail));
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
async function availabilityOf(deps: ProductPageDeps, skuIds: string[]): Promise<Availability> {
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
