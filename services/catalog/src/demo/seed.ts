// Loads the demo catalog (demo-catalog.ts) on a first start, when the catalog's demoCatalog setting asks for it
// (`npm start` does): categories, brands, attributes, products with their SKUs, featured lists, and every SKU's
// stock in inventory. It goes through the catalog's own modules, so every rule of the back office holds, with
// idempotency keys of its own, so a seed cut short by a stop finishes on the next start instead of doubling anything.
import type { InventoryContract } from '@mall/contracts/inventory';
import type { ServiceDb } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { Attributes } from '../attributes.ts';
import { Brands } from '../brands.ts';
import { Categories } from '../categories.ts';
import { HomeSections } from '../home-sections.ts';
import type { Images } from '../images.ts';
import { Products } from '../products.ts';
import { demoCatalog, type DemoCategory, type DemoProduct } from './demo-catalog.ts';

export interface SeedDeps {
  db: ServiceDb;
  inventory: Client<typeof InventoryContract>;
  /** Where the products' pictures and the banners go (the blob store). */
  images: Images;
  log: Logger;
}

/**
 * Seeds when the catalog is empty, or finishes a seed a stop cut short (the demo_seed row says which); a catalog an
 * operator has filled is never touched.
 */
export async function seedDemoCatalog(deps: SeedDeps): Promise<void> {
  const [state] = await deps.db.query<{ finished: boolean }>('SELECT finished_at IS NOT NULL AS finished FROM demo_seed');
  if (state?.finished) return;
  if (!state) {
    const [{ n } = { n: 0 }] = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM categories');
    if (n > 0) return;
    await deps.db.query('INSERT INTO demo_seed DEFAULT VALUES ON CONFLICT DO NOTHING');
  }
  const started = Date.now();
  const counts = await load(deps);
  await deps.db.query('UPDATE demo_seed SET finished_at = now()');
  deps.log.info({ ...counts, ms: Date.now() - started }, 'demo catalog seeded');
}

const demoKey = (kind: string, key: string): string => `demo:${kind}:${key}`;

async function load(deps: SeedDeps): Promise<{ products: number; skus: number }> {
  const demo = demoCatalog();
  const categories = new Categories(deps.db);
  const attributes = new Attributes(deps.db);
  const brands = new Brands(deps.db);
  const products = new Products(deps.db);

  const leaves = new Map<string, { id: string; sale: Map<string, string>; specs: Map<string, string> }>();
  const addCategory = async (category: DemoCategory, parentId: string | null, position: number): Promise<void> => {
    const created = await categories.create({ idempotencyKey: demoKey('category', category.key), parentId, name: category.name, position });
    for (const [i, child] of (category.children ?? []).entries()) await addCategory(child, created.id, i);
    if (category.children?.length) return;
    const sale = new Map<string, string>();
    for (const [i, attribute] of (category.saleAttributes ?? []).entries()) {
      const made = await attributes.create({
        idempotencyKey: demoKey('sale', `${category.key}:${attribute.key}`),
        categoryId: created.id,
        kind: 'sale',
        name: attribute.name,
        values: attribute.values.map((v) => v.en),
        position: i,
      });
      sale.set(attribute.key, made.id);
    }
    const specs = new Map<string, string>();
    for (const [i, name] of (category.specNames ?? []).entries()) {
      const made = await attributes.create({
        idempotencyKey: demoKey('spec', `${category.key}:${i}`),
        categoryId: created.id,
        kind: 'spec',
        name,
        values: [],
        position: 10 + i,
      });
      specs.set(name.en, made.id);
    }
    leaves.set(category.key, { id: created.id, sale, specs });
  };
  for (const [i, top] of demo.categories.entries()) await addCategory(top, null, i);

  const brandIds = new Map<string, string>();
  for (const [i, brand] of demo.brands.entries())
    brandIds.set(brand.key, (await brands.create({ idempotencyKey: demoKey('brand', brand.key), name: brand.name, position: i })).id);

  const productIds = new Map<string, string>();
  let skuCount = 0;
  for (const product of demo.products) {
    const leaf = leaves.get(product.categoryKey);
    if (!leaf) throw new Error(`demo product ${product.key} names an unknown category ${product.categoryKey}`);
    // Stored again on a finishing run: the same bytes answer the same key and are written once.
    const picture = await deps.images.store('image/svg+xml', Buffer.from(product.image));
    const created = await products.create(productInput(product, leaf, brandIds.get(product.brandKey) ?? null, picture.url));
    productIds.set(product.key, created.id);
    for (const [i, sku] of created.skus.entries()) {
      const stock = product.skus[i]?.stock ?? 0;
      skuCount++;
      if (stock === 0) continue;
      await deps.inventory.restock({ skuId: sku.id, quantity: stock, reason: 'demo stock', idempotencyKey: demoKey('stock', sku.id) });
    }
  }

  const home = new HomeSections(deps.db);
  for (const [i, banner] of demo.banners.entries())
    await home.create({
      idempotencyKey: demoKey('banner', banner.key),
      kind: 'banner',
      title: banner.title,
      image: (await deps.images.store('image/svg+xml', Buffer.from(banner.image))).url,
      link: banner.link,
      position: i,
    });
  for (const [i, list] of demo.featured.entries())
    await home.create({
      idempotencyKey: demoKey('featured', list.key),
      kind: 'featured',
      title: list.title,
      productIds: [...new Set(list.productKeys.map((key) => productIds.get(key)).filter((id): id is string => id !== undefined))],
      position: i,
    });
  return { products: demo.products.length, skus: skuCount };
}

function productInput(
  product: DemoProduct,
  leaf: { id: string; sale: Map<string, string>; specs: Map<string, string> },
  brandId: string | null,
  image: string,
) {
  return {
    idempotencyKey: demoKey('product', product.key),
    title: product.title,
    subtitle: product.subtitle,
    description: product.description,
    brandId,
    categoryId: leaf.id,
    images: [image],
    status: 'on_sale' as const,
    specs: product.specs.flatMap((spec) => {
      const attributeId = leaf.specs.get(spec.name.en);
      return attributeId ? [{ attributeId, value: `${spec.value.zh} / ${spec.value.en}` }] : [];
    }),
    skus: product.skus.map((sku) => ({
      attrs: Object.entries(sku.attrs).map(([key, value]) => {
        const attributeId = leaf.sale.get(key);
        if (!attributeId) throw new Error(`demo product ${product.key}: no sale attribute ${key} in its category`);
        return { attributeId, value };
      }),
      price: { amount: sku.priceAmount, currency: sku.currency },
      barcode: sku.barcode,
    })),
  };
}
