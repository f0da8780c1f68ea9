// /api/admin/catalog: the back office's catalog, each route one catalog call. RBAC has decided who may call
// them before a handler runs; bad input never reaches the catalog. Creates carry the Idempotency-Key header.
import { catalogAdminRoutes as routes } from '@mall/contracts/gateway';
import type { CatalogContract } from '@mall/contracts/catalog';
import type { Client } from '@mall/platform/rpc';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';
import { uploadImage } from './images.ts';

/** The validated page of a list query (digit strings, see the routes' schemas) as numbers. */
function page(query: { limit?: string; offset?: string }): { limit?: number; offset?: number } {
  return {
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
  };
}

export function catalogAdminHandlers(catalog: Client<typeof CatalogContract>): EdgeHandlers {
  return edgeHandlers(
    handle(routes.uploadImage, (request) => uploadImage(catalog, request)),
    handle(routes.categories, ({ query: { parentId, ...rest } }) =>
      catalog.listCategories({ ...(parentId ? { parentId } : {}), ...page(rest) }),
    ),
    handle(routes.createCategory, (request) => catalog.createCategory({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    handle(routes.category, ({ params }) => catalog.getCategory(params)),
    handle(routes.updateCategory, ({ params, body }) => catalog.updateCategory({ ...body, id: params.id })),
    handle(routes.deleteCategory, async ({ params }) => void (await catalog.deleteCategory(params))),

    handle(routes.brands, ({ query }) => catalog.listBrands(page(query))),
    handle(routes.createBrand, (request) => catalog.createBrand({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    handle(routes.brand, ({ params }) => catalog.getBrand(params)),
    handle(routes.updateBrand, ({ params, body }) => catalog.updateBrand({ ...body, id: params.id })),
    handle(routes.deleteBrand, async ({ params }) => void (await catalog.deleteBrand(params))),

    handle(routes.attributeGroups, ({ query: { categoryId, ...rest } }) =>
      catalog.listAttributeGroups({ ...(categoryId ? { categoryId } : {}), ...page(rest) }),
    ),
    handle(routes.createAttributeGroup, (request) =>
      catalog.createAttributeGroup({ ...request.body, idempotencyKey: idempotencyKeyOf(request) }),
    ),
    handle(routes.attributeGroup, ({ params }) => catalog.getAttributeGroup(params)),
    handle(routes.updateAttributeGroup, ({ params, body }) => catalog.updateAttributeGroup({ ...body, id: params.id })),
    handle(routes.deleteAttributeGroup, async ({ params }) => void (await catalog.deleteAttributeGroup(params))),

    handle(routes.attributes, ({ query: { categoryId, kind, ...rest } }) =>
      catalog.listAttributes({ ...(categoryId ? { categoryId } : {}), ...(kind ? { kind } : {}), ...page(rest) }),
    ),
    handle(routes.createAttribute, (request) => catalog.createAttribute({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    handle(routes.attribute, ({ params }) => catalog.getAttribute(params)),
    handle(routes.updateAttribute, ({ params, body }) => catalog.updateAttribute({ ...body, id: params.id })),
    handle(routes.deleteAttribute, async ({ params }) => void (await catalog.deleteAttribute(params))),

    handle(routes.products, ({ query: { categoryId, brandId, status, ...rest } }) =>
      catalog.listProducts({
        ...(categoryId ? { categoryId } : {}),
        ...(brandId ? { brandId } : {}),
        ...(status ? { status } : {}),
        ...page(rest),
      }),
    ),
    handle(routes.createProduct, (request) => catalog.createProduct({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    handle(routes.product, ({ params }) => catalog.getProduct(params)),
    handle(routes.updateProduct, ({ params, body }) => catalog.updateProduct({ ...body, id: params.id })),
    handle(routes.deleteProduct, async ({ params }) => void (await catalog.deleteProduct(params))),
    handle(routes.createSku, (request) =>
      catalog.createSku({ ...request.body, productId: request.params.id, idempotencyKey: idempotencyKeyOf(request) }),
    ),
    handle(routes.updateSku, ({ params, body }) => catalog.updateSku({ ...body, id: params.id })),
    handle(routes.deleteSku, async ({ params }) => void (await catalog.deleteSku(params))),

    handle(routes.homeSections, ({ query }) => catalog.listHomeSections(page(query))),
    handle(routes.createHomeSection, (request) =>
      catalog.createHomeSection({ ...request.body, idempotencyKey: idempotencyKeyOf(request) }),
    ),
    handle(routes.homeSection, ({ params }) => catalog.getHomeSection(params)),
    handle(routes.updateHomeSection, ({ params, body }) => catalog.updateHomeSection({ ...body, id: params.id })),
    handle(routes.deleteHomeSection, async ({ params }) => void (await catalog.deleteHomeSection(params))),
  );
}
