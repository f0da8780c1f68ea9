// The storefront's public catalog reads: the category tree, the home page, the product search, a product's page and its
// pictures, each one catalog call. The query string arrives validated as strings (digits, uuids, the sort names) and leaves typed.
import { MAX_BRANDS, storefrontRoutes } from '@mall/contracts/gateway';
import type { CatalogContract, CatalogInput } from '@mall/contracts/catalog';
import type { Client } from '@mall/platform/rpc';
import { edgeHandlers, handle, type EdgeHandlers, type EdgeRequest } from './edge-handler.ts';
import { servedImage } from './images.ts';

const DEFAULT_PAGE_SIZE = 20;

export function storefrontHandlers(catalog: Client<typeof CatalogContract>): EdgeHandlers {
  return edgeHandlers(
    handle(storefrontRoutes.categories, () => catalog.categoryTree({})),
    handle(storefrontRoutes.home, () => catalog.homePage({})),
    handle(storefrontRoutes.products, (request) => catalog.searchProducts(productQuery(request.query))),
    handle(storefrontRoutes.product, (request) => catalog.productPage({ id: request.params.id })),
    handle(storefrontRoutes.image, (request) => servedImage(catalog, request)),
    handle(storefrontRoutes.brands, () => allBrands(catalog)),
  );
}

/** Every brand, a page of the back office's list at a time (a mall has dozens; MAX_BRANDS bounds the walk). */
async function allBrands(
  catalog: Client<typeof CatalogContract>,
): Promise<{ brands: { id: string; name: { zh: string; en: string }; logo: string | null }[] }> {
  const brands = [];
  for (let offset = 0; offset < MAX_BRANDS; offset += 100) {
    const page = await catalog.listBrands({ limit: 100, offset });
    brands.push(...page.items.map(({ id, name, logo }) => ({ id, name, logo })));
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  return { brands };
}

/** The validated query string as the search's typed input: `attr` may come once or repeated. */
function productQuery(query: EdgeRequest<typeof storefrontRoutes.products>['query']): CatalogInput<'searchProducts'> {
  const attrs = query.attr === undefined ? [] : Array.isArray(query.attr) ? query.attr : [query.attr];
  return {
    ...(query.category !== undefined ? { categoryId: query.category } : {}),
    ...(query.brand !== undefined ? { brandId: query.brand } : {}),
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.minPrice !== undefined ? { minPrice: Number(query.minPrice) } : {}),
    ...(query.maxPrice !== undefined ? { maxPrice: Number(query.maxPrice) } : {}),
    ...(attrs.length > 0 ? { attrs: [...new Set(attrs)] } : {}),
    ...(query.sort !== undefined ? { sort: query.sort } : {}),
    page: query.page === undefined ? 1 : Number(query.page),
    pageSize: query.pageSize === undefined ? DEFAULT_PAGE_SIZE : Number(query.pageSize),
  };
}
