// The storefront's public catalog reads: the category tree and the home page, each one catalog call.
import { storefrontRoutes } from '@mall/contracts/gateway';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { Client } from '@mall/platform/rpc';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';

export function storefrontHandlers(catalog: Client<typeof CatalogContract>): EdgeHandlers {
  return edgeHandlers(
    handle(storefrontRoutes.categories, () => catalog.categoryTree({})),
    handle(storefrontRoutes.home, () => catalog.homePage({})),
  );
}
