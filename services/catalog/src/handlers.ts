// Catalog's RPC handlers: each reads its input and hands it to the module that owns the entity.
import type { CatalogContract } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';
import type { Handlers } from '@mall/platform/rpc';
import { AttributeGroups } from './attribute-groups.ts';
import { Attributes } from './attributes.ts';
import { Brands } from './brands.ts';
import { Categories } from './categories.ts';
import { HomeSections } from './home-sections.ts';
import { searchListing } from './listing.ts';
import { productPage, type ProductPageDeps } from './product-page.ts';
import { Products } from './products.ts';
import { skuSnapshots } from './sku-snapshots.ts';
import { categoryTree, homePage } from './storefront.ts';

const deleted = { deleted: true } as const;

export function catalogHandlers(db: ServiceDb, pages: ProductPageDeps): Handlers<typeof CatalogContract> {
  const categories = new Categories(db);
  const brands = new Brands(db);
  const groups = new AttributeGroups(db);
  const attributes = new Attributes(db);
  const products = new Products(db);
  const home = new HomeSections(db);
  return {
    createCategory: (input) => categories.create(input),
    getCategory: ({ id }) => categories.get(id),
    listCategories: (input) => categories.list(input),
    updateCategory: (input) => categories.update(input),
    deleteCategory: async ({ id }) => (await categories.remove(id), deleted),

    createBrand: (input) => brands.create(input),
    getBrand: ({ id }) => brands.get(id),
    listBrands: (input) => brands.list(input),
    updateBrand: (input) => brands.update(input),
    deleteBrand: async ({ id }) => (await brands.remove(id), deleted),

    createAttributeGroup: (input) => groups.create(input),
    getAttributeGroup: ({ id }) => groups.get(id),
    listAttributeGroups: (input) => groups.list(input),
    updateAttributeGroup: (input) => groups.update(input),
    deleteAttributeGroup: async ({ id }) => (await groups.remove(id), deleted),

    createAttribute: (input) => attributes.create(input),
    getAttribute: ({ id }) => attributes.get(id),
    listAttributes: (input) => attributes.list(input),
    updateAttribute: (input) => attributes.update(input),
    deleteAttribute: async ({ id }) => (await attributes.remove(id), deleted),

    createProduct: (input) => products.create(input),
    getProduct: ({ id }) => products.get(id),
    listProducts: (input) => products.list(input),
    updateProduct: (input) => products.update(input),
    deleteProduct: async ({ id }) => (await products.remove(id), deleted),
    createSku: (input) => products.createSku(input),
    updateSku: (input) => products.updateSku(input),
    deleteSku: async ({ id }) => (await products.removeSku(id), deleted),

    createHomeSection: (input) => home.create(input),
    getHomeSection: ({ id }) => home.get(id),
    listHomeSections: (input) => home.list(input),
    updateHomeSection: (input) => home.update(input),
    deleteHomeSection: async ({ id }) => (await home.remove(id), deleted),

    categoryTree: () => categoryTree(db),
    homePage: () => homePage(db),
    searchProducts: (input) => searchListing(db, input),
    productPage: ({ id }) => productPage(pages, id),
    skuSnapshots: async ({ skuIds }) => ({ items: await skuSnapshots(db, skuIds) }),
  };
}
