// Catalog's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { CatalogContract } from '@mall/contracts/catalog';
import type { Handlers } from '@mall/platform/rpc';
import type { Products } from './products.ts';

export function catalogHandlers(products: Products): Handlers<typeof CatalogContract> {
  return {
    createProduct: (input) => products.create(input),
    getProduct: ({ id }) => products.get(id),
  };
}
