// The storefront's public catalog routes: no token needed (the gateway's whitelist starts from `public`).
import { CatalogContract } from './catalog.ts';
import { GatewayErrors } from './gateway-admin.ts';
import { defineRoute } from './http.ts';

const catalog = CatalogContract.methods;
/** A public read may only be refused at the edge (address, rate) or fail behind it. */
const publicRead = { IP_DENIED: GatewayErrors.codes.IP_DENIED, RATE_LIMITED: 429, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504 } as const;

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
  home: defineRoute({
    method: 'GET',
    path: '/api/home',
    summary: 'The home page: banners, and featured lists of products on sale with their lowest price.',
    tags: ['storefront'],
    public: true,
    responses: { 200: catalog.homePage.output },
    errors: publicRead,
  }),
};
