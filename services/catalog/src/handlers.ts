// Catalog's RPC handlers: each reads its input and hands it to the module that owns the entity; a write that changes
// what the storefront shows then drops the cached pages it touched, on every instance (after its commit).
import type { CatalogContract } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import type { Handlers } from '@mall/platform/rpc';
import { AttributeGroups } from './attribute-groups.ts';
import { Attributes } from './attributes.ts';
import { Brands } from './brands.ts';
import { Categories } from './categories.ts';
import { HomeSections } from './home-sections.ts';
import type { Images } from './images.ts';
import { ProductPages, type ProductPageDeps } from './product-page.ts';
import { Products } from './products.ts';
import { skuSnapshots } from './sku-snapshots.ts';
import type { StorefrontCache } from './storefront-cache.ts';

const deleted = { deleted: true } as const;

/** Runs `write`, then `stale` with its result (the write has committed), and answers the result. */
async function then<T>(write: Promise<T>, stale: (result: T) => Promise<void>): Promise<T> {
  const result = await write;
  await stale(result);
  return result;
}

export function catalogHandlers(
  db: ServiceDb,
  pages: Omit<ProductPageDeps, 'base'>,
  cache: StorefrontCache,
  images: Images,
): Handlers<typeof CatalogContract> {
  const categories = new Categories(db);
  const brands = new Brands(db);
  const groups = new AttributeGroups(db);
  const attributes = new Attributes(db);
  const products = new Products(db);
  const home = new HomeSections(db);
  const productPages = new ProductPages({ ...pages, base: (productId) => cache.productPage(productId) });
  return {
    createCategory: (input) => then(categories.create(input), (c) => cache.categoryChanged(c.id, { named: false })),
    getCategory: ({ id }) => categories.get(id),
    listCategories: (input) => categories.list(input),
    updateCategory: (input) => then(categories.update(input), (c) => cache.categoryChanged(c.id, { named: input.name !== undefined })),
    deleteCategory: ({ id }) => then(categories.remove(id), () => cache.categoryChanged(id, { named: false })).then(() => deleted),

    createBrand: (input) => brands.create(input),
    getBrand: ({ id }) => brands.get(id),
    listBrands: (input) => brands.list(input),
    updateBrand: (input) => then(brands.update(input), (b) => (input.name ? cache.brandChanged(b.id) : Promise.resolve())),
    deleteBrand: async ({ id }) => (await brands.remove(id), deleted),

    createAttributeGroup: (input) => groups.create(input),
    getAttributeGroup: ({ id }) => groups.get(id),
    listAttributeGroups: (input) => groups.list(input),
    updateAttributeGroup: (input) => groups.update(input),
    deleteAttributeGroup: async ({ id }) => (await groups.remove(id), deleted),

    createAttribute: (input) => attributes.create(input),
    getAttribute: ({ id }) => attributes.get(id),
    listAttributes: (input) => attributes.list(input),
    updateAttribute: (input) => then(attributes.update(input), (a) => cache.attributeChanged(a.categoryId)),
    deleteAttribute: async ({ id }) => (await attributes.remove(id), deleted),

    createProduct: (input) => then(products.create(input), (p) => cache.productChanged(p.id)),
    getProduct: ({ id }) => products.get(id),
    listProducts: (input) => products.list(input),
    updateProduct: (input) => then(products.update(input), (p) => cache.productChanged(p.id)),
    deleteProduct: ({ id }) => then(products.remove(id), () => cache.productChanged(id)).then(() => deleted),
    createSku: (input) => then(products.createSku(input), (s) => cache.productChanged(s.productId)),
    updateSku: (input) => then(products.updateSku(input), (s) => cache.productChanged(s.productId)),
    deleteSku: ({ id }) => then(products.removeSku(id), (productId) => cache.productChanged(productId)).then(() => deleted),

    createHomeSection: (input) => then(home.create(input), () => cache.homeChanged()),
    getHomeSection: ({ id }) => home.get(id),
    listHomeSections: (input) => home.list(input),
    updateHomeSection: (input) => then(home.update(input), () => cache.homeChanged()),
    deleteHomeSection: ({ id }) => then(home.remove(id), () => cache.homeChanged()).then(() => deleted),

    uploadImage: ({ contentType, data }) => images.store(contentType, Buffer.from(data, 'base64')),
    image: async ({ key }) => {
      const { contentType, bytes } = await images.read(key);
      return { contentType, data: bytes.toString('base64') };
    },

    categoryTree: () => cache.categoryTree(),
    homePage: () => cache.homePage(),
    searchProducts: (input) => cache.listingPage(input),
    productPage: ({ id }) => productPages.page(id),
    skuSnapshots: async ({ skuIds }) => ({ items: await skuSnapshots(db, skuIds) }),
  };
}
