// The storefront's public catalog routes: no token needed (the gateway's whitelist starts from `public`).
import { Type } from 'typebox';
import { Brand, CatalogContract, IMAGE_TYPES, ImageKey, MAX_IMAGE_BYTES, MAX_SEARCH_PAGE } from './catalog.ts';
import { MAX_PAGE_SIZE, strict } from './primitives.ts';
import { GatewayErrors } from './gateway-admin.ts';
import { binary, defineRoute } from './http.ts';

const catalog = CatalogContract.methods;
/** A public read may only be refused at the edge (address, rate) or fail behind it. */
const publicRead = { IP_DENIED: GatewayErrors.codes.IP_DENIED, RATE_LIMITED: 429, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504 } as const;

const search = catalog.searchProducts.input.properties;
/** The storefront lists at most this many brands (a mall has dozens). */
export const MAX_BRANDS = 1000;
const digits = (max: number, description: string) => Type.String({ maxLength: max, pattern: `^[0-9]{1,${max}}$`, description });

export const storefrontRoutes = {
  categories: defineRoute({
    method: 'GET',
    path: '/api/categories',
    summary: 'The category tree: top categories, their children and their leaves, each in position order.',
    tags: ['storefront'],
    public: true,
    responses: { 200: catalog.categoryTree.output },
    errors: publicRead,
  }),
  products: defineRoute({
    method: 'GET',
    path: '/api/products',
    summary:
      'Products on sale, filtered by category (any level), brand, price (minor units) and sale attributes, searched in Chinese and ' +
      'English (q), sorted and paged; with facet counts by category, brand and price bucket. pageSize above 100 is a 400.',
    tags: ['storefront'],
    public: true,
    query: Type.Object(
      {
        category: Type.Optional(search.categoryId),
        brand: Type.Optional(search.brandId),
        q: search.q,
        minPrice: Type.Optional(digits(12, 'lowest price, minor units')),
        maxPrice: Type.Optional(digits(12, 'highest price, minor units')),
        attr: Type.Optional(
          Type.Union([search.attrs.items, Type.Array(search.attrs.items, { maxItems: 10 })], {
            description: 'attributeId:value, repeatable',
          }),
        ),
        sort: search.sort,
        page: Type.Optional(Type.String({ maxLength: 4, pattern: '^[1-9][0-9]{0,3}$', description: `1 to ${MAX_SEARCH_PAGE}, default 1` })),
        pageSize: Type.Optional(
          Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: `1 to ${MAX_PAGE_SIZE}, default 20` }),
        ),
      },
      strict,
    ),
    responses: { 200: catalog.searchProducts.output },
    errors: publicRead,
  }),
  product: defineRoute({
    method: 'GET',
    path: '/api/products/:id',
    summary:
      'A product on sale: brand, categories, specs, the sale attributes to pick a SKU by, and each SKU with its price and what may be ' +
      'bought now. When inventory is slow or down the page still answers, with availabilityKnown false and every available null.',
    tags: ['storefront'],
    public: true,
    params: Type.Object({ id: catalog.productPage.input.properties.id }, strict),
    responses: { 200: catalog.productPage.output },
    errors: { ...publicRead, NOT_FOUND: 404 },
  }),
  image: defineRoute({
    method: 'GET',
    path: '/api/images/:key',
    summary:
      'A catalog picture, by the key an upload answered (the SHA-256 of its bytes): its bytes never change, so it is sent with ' +
      'Cache-Control immutable for a year and a strong ETag, and a request whose If-None-Match names that ETag gets a 304.',
    tags: ['storefront'],
    public: true,
    params: Type.Object({ key: ImageKey }, strict),
    rawResponse: { types: IMAGE_TYPES },
    responses: { 200: binary(MAX_IMAGE_BYTES), 304: Type.Null({ description: 'not modified' }) },
    errors: { ...publicRead, NOT_FOUND: 404 },
  }),
  home: defineRoute({
    method: 'GET',
    path: '/api/home',
    summary: 'The home page: banners, and featured lists of products on sale with their lowest price.',
    tags: ['storefront'],
    public: true,
    responses: { 200: catalog.homePage.output },
    errors: publicRead,
  }),
  brands: defineRoute({
    method: 'GET',
    path: '/api/brands',
    summary: 'Every brand with its name and logo, in position order: the names of the search facets, which count brand ids.',
    tags: ['storefront'],
    public: true,
    responses: {
      200: Type.Object({ brands: Type.Array(Type.Pick(Brand, ['id', 'name', 'logo']), { maxItems: MAX_BRANDS }) }, strict),
    },
    errors: publicRead,
  }),
};
