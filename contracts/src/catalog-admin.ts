// The back office's catalog routes under /api/admin/catalog: categories, brands, attribute groups, attributes,
// products with their SKUs, and home sections. Each is one catalog call; the gateway's RBAC decides who may call it.
import { Type, type TObject, type TProperties, type TSchema } from 'typebox';
import { CatalogContract, ProductStatus, AttributeKind, IMAGE_TYPES, MAX_IMAGE_BYTES } from './catalog.ts';
import { backOffice } from './gateway-admin.ts';
import { defineRoute, type RouteDef } from './http.ts';
import { strict, Uuid } from './primitives.ts';

const catalog = CatalogContract.methods;
const BASE = '/api/admin/catalog';
const NoContent = Type.Null({ description: 'no content' });
const ById = Type.Object({ id: Uuid }, strict);

/** A method's input without the fields the edge fills in itself (the idempotency key from its header, the id from the path). */
function bodyOf<P extends TProperties, K extends keyof P & string>(input: TObject<P>, ...drop: K[]): TObject<Omit<P, K>> {
  const kept = Object.fromEntries(Object.entries(input.properties).filter(([name]) => !(drop as string[]).includes(name)));
  return Type.Object(kept as Omit<P, K>, strict);
}

// Query strings are text and the gateway never coerces types: numbers are declared as digit strings.
const pageQuery = {
  limit: Type.Optional(Type.String({ maxLength: 3, pattern: '^([1-9][0-9]?|100)$', description: '1 to 100, default 20' })),
  offset: Type.Optional(Type.String({ maxLength: 6, pattern: '^[0-9]{1,6}$', description: 'default 0' })),
};

interface AdminRouteSpec {
  method: RouteDef['method'];
  path: string;
  summary: string;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  responses: Record<number, TSchema>;
  errors?: Readonly<Record<string, number>>;
  rawBody?: RouteDef['rawBody'];
}

/** A catalog back-office route: signed in, allowed by RBAC, plus the codes of the catalog method behind it. */
function adminRoute<const S extends AdminRouteSpec>(spec: S) {
  return defineRoute({
    ...spec,
    tags: ['catalog-admin'],
    public: false,
    errors: { ...backOffice, ...spec.errors },
  });
}

export const catalogAdminRoutes = {
  uploadImage: adminRoute({
    method: 'POST',
    path: `${BASE}/images`,
    summary:
      'Uploads a picture: the body is its bytes, the Content-Type one of image/png, image/jpeg, image/webp or image/svg+xml (an SVG ' +
      'may hold no script, event handler, embedded document or outside reference), at most 2 MiB. Answers its content-addressed ' +
      'key and the URL to put in a product, a SKU or a banner; the same bytes always get the same key.',
    rawBody: { types: IMAGE_TYPES, maxBytes: MAX_IMAGE_BYTES },
    responses: { 201: catalog.uploadImage.output },
    errors: catalog.uploadImage.errors,
  }),
  categories: adminRoute({
    method: 'GET',
    path: `${BASE}/categories`,
    summary: 'Categories by level then position; `parentId` lists the children of one.',
    query: Type.Object({ parentId: Type.Optional(Uuid), ...pageQuery }, strict),
    responses: { 200: catalog.listCategories.output },
  }),
  createCategory: adminRoute({
    method: 'POST',
    path: `${BASE}/categories`,
    summary: 'Creates a category (at most 3 levels deep). An Idempotency-Key header makes a retry answer the first result.',
    body: bodyOf(catalog.createCategory.input, 'idempotencyKey'),
    responses: { 201: catalog.createCategory.output },
    errors: catalog.createCategory.errors,
  }),
  category: adminRoute({
    method: 'GET',
    path: `${BASE}/categories/:id`,
    summary: 'One category.',
    params: ById,
    responses: { 200: catalog.getCategory.output },
    errors: catalog.getCategory.errors,
  }),
  updateCategory: adminRoute({
    method: 'PATCH',
    path: `${BASE}/categories/:id`,
    summary: 'Renames or reorders a category; `version` is the one read, a stale one is 409 VERSION_CONFLICT.',
    params: ById,
    body: bodyOf(catalog.updateCategory.input, 'id'),
    responses: { 200: catalog.updateCategory.output },
    errors: catalog.updateCategory.errors,
  }),
  deleteCategory: adminRoute({
    method: 'DELETE',
    path: `${BASE}/categories/:id`,
    summary: 'Deletes a category and its attributes; refused while it has children or products.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteCategory.errors,
  }),

  brands: adminRoute({
    method: 'GET',
    path: `${BASE}/brands`,
    summary: 'Brands by position.',
    query: Type.Object(pageQuery, strict),
    responses: { 200: catalog.listBrands.output },
  }),
  createBrand: adminRoute({
    method: 'POST',
    path: `${BASE}/brands`,
    summary: 'Creates a brand. Idempotency-Key header honoured.',
    body: bodyOf(catalog.createBrand.input, 'idempotencyKey'),
    responses: { 201: catalog.createBrand.output },
    errors: catalog.createBrand.errors,
  }),
  brand: adminRoute({
    method: 'GET',
    path: `${BASE}/brands/:id`,
    summary: 'One brand.',
    params: ById,
    responses: { 200: catalog.getBrand.output },
    errors: catalog.getBrand.errors,
  }),
  updateBrand: adminRoute({
    method: 'PATCH',
    path: `${BASE}/brands/:id`,
    summary: 'Changes a brand at the version read.',
    params: ById,
    body: bodyOf(catalog.updateBrand.input, 'id'),
    responses: { 200: catalog.updateBrand.output },
    errors: catalog.updateBrand.errors,
  }),
  deleteBrand: adminRoute({
    method: 'DELETE',
    path: `${BASE}/brands/:id`,
    summary: 'Deletes a brand no product names.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteBrand.errors,
  }),

  attributeGroups: adminRoute({
    method: 'GET',
    path: `${BASE}/attribute-groups`,
    summary: 'Attribute groups, optionally of one category.',
    query: Type.Object({ categoryId: Type.Optional(Uuid), ...pageQuery }, strict),
    responses: { 200: catalog.listAttributeGroups.output },
  }),
  createAttributeGroup: adminRoute({
    method: 'POST',
    path: `${BASE}/attribute-groups`,
    summary: 'Creates a group of attributes of a leaf category. Idempotency-Key header honoured.',
    body: bodyOf(catalog.createAttributeGroup.input, 'idempotencyKey'),
    responses: { 201: catalog.createAttributeGroup.output },
    errors: catalog.createAttributeGroup.errors,
  }),
  attributeGroup: adminRoute({
    method: 'GET',
    path: `${BASE}/attribute-groups/:id`,
    summary: 'One attribute group.',
    params: ById,
    responses: { 200: catalog.getAttributeGroup.output },
    errors: catalog.getAttributeGroup.errors,
  }),
  updateAttributeGroup: adminRoute({
    method: 'PATCH',
    path: `${BASE}/attribute-groups/:id`,
    summary: 'Changes an attribute group at the version read.',
    params: ById,
    body: bodyOf(catalog.updateAttributeGroup.input, 'id'),
    responses: { 200: catalog.updateAttributeGroup.output },
    errors: catalog.updateAttributeGroup.errors,
  }),
  deleteAttributeGroup: adminRoute({
    method: 'DELETE',
    path: `${BASE}/attribute-groups/:id`,
    summary: 'Deletes an attribute group; its attributes stay, ungrouped.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteAttributeGroup.errors,
  }),

  attributes: adminRoute({
    method: 'GET',
    path: `${BASE}/attributes`,
    summary: 'Attributes, optionally of one category and one kind (spec or sale).',
    query: Type.Object({ categoryId: Type.Optional(Uuid), kind: Type.Optional(AttributeKind), ...pageQuery }, strict),
    responses: { 200: catalog.listAttributes.output },
  }),
  createAttribute: adminRoute({
    method: 'POST',
    path: `${BASE}/attributes`,
    summary: 'Creates a spec or sale attribute of a leaf category. Idempotency-Key header honoured.',
    body: bodyOf(catalog.createAttribute.input, 'idempotencyKey'),
    responses: { 201: catalog.createAttribute.output },
    errors: catalog.createAttribute.errors,
  }),
  attribute: adminRoute({
    method: 'GET',
    path: `${BASE}/attributes/:id`,
    summary: 'One attribute.',
    params: ById,
    responses: { 200: catalog.getAttribute.output },
    errors: catalog.getAttribute.errors,
  }),
  updateAttribute: adminRoute({
    method: 'PATCH',
    path: `${BASE}/attributes/:id`,
    summary: 'Changes an attribute at the version read; values SKUs use stay.',
    params: ById,
    body: bodyOf(catalog.updateAttribute.input, 'id'),
    responses: { 200: catalog.updateAttribute.output },
    errors: catalog.updateAttribute.errors,
  }),
  deleteAttribute: adminRoute({
    method: 'DELETE',
    path: `${BASE}/attributes/:id`,
    summary: 'Deletes an attribute no product uses.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteAttribute.errors,
  }),

  products: adminRoute({
    method: 'GET',
    path: `${BASE}/products`,
    summary: 'SPUs with their SKUs, newest first, optionally of one category, brand or status.',
    query: Type.Object(
      { categoryId: Type.Optional(Uuid), brandId: Type.Optional(Uuid), status: Type.Optional(ProductStatus), ...pageQuery },
      strict,
    ),
    responses: { 200: catalog.listProducts.output },
  }),
  createProduct: adminRoute({
    method: 'POST',
    path: `${BASE}/products`,
    summary: 'Creates an SPU in a leaf category, optionally with its SKUs. Idempotency-Key header honoured.',
    body: bodyOf(catalog.createProduct.input, 'idempotencyKey'),
    responses: { 201: catalog.createProduct.output },
    errors: catalog.createProduct.errors,
  }),
  product: adminRoute({
    method: 'GET',
    path: `${BASE}/products/:id`,
    summary: 'One SPU with its SKUs.',
    params: ById,
    responses: { 200: catalog.getProduct.output },
    errors: catalog.getProduct.errors,
  }),
  updateProduct: adminRoute({
    method: 'PATCH',
    path: `${BASE}/products/:id`,
    summary: 'Changes an SPU at the version read; on sale needs at least one SKU.',
    params: ById,
    body: bodyOf(catalog.updateProduct.input, 'id'),
    responses: { 200: catalog.updateProduct.output },
    errors: catalog.updateProduct.errors,
  }),
  deleteProduct: adminRoute({
    method: 'DELETE',
    path: `${BASE}/products/:id`,
    summary: 'Deletes an SPU and its SKUs.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteProduct.errors,
  }),
  createSku: adminRoute({
    method: 'POST',
    path: `${BASE}/products/:id/skus`,
    summary: 'Adds a SKU to an SPU: one allowed value of each sale attribute of its category. Idempotency-Key header honoured.',
    params: ById,
    body: bodyOf(catalog.createSku.input, 'idempotencyKey', 'productId'),
    responses: { 201: catalog.createSku.output },
    errors: catalog.createSku.errors,
  }),
  updateSku: adminRoute({
    method: 'PATCH',
    path: `${BASE}/skus/:id`,
    summary: 'Changes a SKU (values, price, barcode, images) at the version read.',
    params: ById,
    body: bodyOf(catalog.updateSku.input, 'id'),
    responses: { 200: catalog.updateSku.output },
    errors: catalog.updateSku.errors,
  }),
  deleteSku: adminRoute({
    method: 'DELETE',
    path: `${BASE}/skus/:id`,
    summary: 'Deletes a SKU; the last SKU of an SPU on sale stays.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteSku.errors,
  }),

  homeSections: adminRoute({
    method: 'GET',
    path: `${BASE}/home-sections`,
    summary: 'The home page sections: banners and featured lists, by position.',
    query: Type.Object(pageQuery, strict),
    responses: { 200: catalog.listHomeSections.output },
  }),
  createHomeSection: adminRoute({
    method: 'POST',
    path: `${BASE}/home-sections`,
    summary: 'Adds a banner or a featured list to the home page. Idempotency-Key header honoured.',
    body: bodyOf(catalog.createHomeSection.input, 'idempotencyKey'),
    responses: { 201: catalog.createHomeSection.output },
    errors: catalog.createHomeSection.errors,
  }),
  homeSection: adminRoute({
    method: 'GET',
    path: `${BASE}/home-sections/:id`,
    summary: 'One home section.',
    params: ById,
    responses: { 200: catalog.getHomeSection.output },
    errors: catalog.getHomeSection.errors,
  }),
  updateHomeSection: adminRoute({
    method: 'PATCH',
    path: `${BASE}/home-sections/:id`,
    summary: 'Changes a home section at the version read.',
    params: ById,
    body: bodyOf(catalog.updateHomeSection.input, 'id'),
    responses: { 200: catalog.updateHomeSection.output },
    errors: catalog.updateHomeSection.errors,
  }),
  deleteHomeSection: adminRoute({
    method: 'DELETE',
    path: `${BASE}/home-sections/:id`,
    summary: 'Removes a section from the home page.',
    params: ById,
    responses: { 204: NoContent },
    errors: catalog.deleteHomeSection.errors,
  }),
};
