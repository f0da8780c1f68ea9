// The catalog service's contract: the back office's categories (a 3-level tree), brands, attribute groups and
// attributes, SPUs with their SKUs, and home content. Texts are bilingual; money is integer minor units.
import { Type, type TProperties, type TSchema } from 'typebox';
import { defineContract, type MethodInput, type MethodOutput } from './define.ts';
import { Count, IdempotencyKey, localized, MAX_PAGE_SIZE, Money, strict, Timestamp, Uuid } from './primitives.ts';

/** The deepest level of the category tree: top (1), middle (2), leaf (3). Products and attributes hang on leaves. */
export const MAX_CATEGORY_DEPTH = 3;
export const MAX_SKUS_PER_PRODUCT = 100;

const Name = localized({ minLength: 1, maxLength: 100 });
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000, format: 'int32', description: 'ascending order among siblings' });
const Version = Count;
const ImageUrl = Type.String({ minLength: 1, maxLength: 500, pattern: '^(https?://|/)\\S+$' });
const Images = Type.Array(ImageUrl, { maxItems: 10 });
const AttributeValue = Type.String({ minLength: 1, maxLength: 60 });
export const AttributeKind = Type.Union([Type.Literal('spec'), Type.Literal('sale')], {
  description: 'spec: shown on the product page; sale: defines the SKUs (colour × size)',
});
export const ProductStatus = Type.Union([Type.Literal('draft'), Type.Literal('on_sale'), Type.Literal('off_sale')]);
const Barcode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$' });
/** One attribute's value: a sale attribute's value on a SKU, or a spec attribute's value on an SPU. */
const AttributeValueRef = Type.Object({ attributeId: Uuid, value: AttributeValue }, strict);
const SpecValue = Type.Object({ attributeId: Uuid, value: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
const Stamps = { version: Version, createdAt: Timestamp, updatedAt: Timestamp };

/** The fields a client sets, one record per entity: the contract's inputs and the gateway's bodies are built from them. */
export const categoryFields = { name: Name, position: Type.Optional(Position) };
export const brandFields = { name: Name, logo: Type.Optional(Type.Union([ImageUrl, Type.Null()])), position: Type.Optional(Position) };
export const attributeGroupFields = { categoryId: Uuid, name: Name, position: Type.Optional(Position) };
export const attributeFields = {
  categoryId: Uuid,
  groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  kind: AttributeKind,
  name: Name,
  /** The values a sale attribute may take (required for sale, at least one); a spec attribute may suggest some. */
  values: Type.Optional(Type.Array(AttributeValue, { maxItems: 50, uniqueItems: true })),
  position: Type.Optional(Position),
};
export const skuFields = {
  /** Exactly one value for each sale attribute of the product's category. */
  attrs: Type.Array(AttributeValueRef, { maxItems: 10 }),
  price: Money,
  barcode: Type.Optional(Type.Union([Barcode, Type.Null()])),
  images: Type.Optional(Images),
};
export const productFields = {
  title: localized({ minLength: 1, maxLength: 200 }),
  subtitle: Type.Optional(localized({ maxLength: 300 })),
  description: Type.Optional(localized({ maxLength: 5000 })),
  brandId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  /** A leaf (level-3) category. */
  categoryId: Uuid,
  images: Type.Optional(Images),
  specs: Type.Optional(Type.Array(SpecValue, { maxItems: 50 })),
  status: Type.Optional(ProductStatus),
  skus: Type.Optional(Type.Array(Type.Object(skuFields, strict), { maxItems: MAX_SKUS_PER_PRODUCT })),
};
export const homeSectionFields = {
  /** banner: an image with a link; featured: an ordered list of products. */
  kind: Type.Union([Type.Literal('banner'), Type.Literal('featured')]),
  title: Name,
  image: Type.Optional(Type.Union([ImageUrl, Type.Null()])),
  link: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500, pattern: '^(https?://|/)\\S*$' }), Type.Null()])),
  productIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  position: Type.Optional(Position),
};

/** What an update may change: any of the fields (those that make sense to change), and the version it was read at. */
export const categoryChanges = { name: Type.Optional(Name), position: Type.Optional(Position) };
export const brandChanges = { name: Type.Optional(Name), logo: brandFields.logo, position: Type.Optional(Position) };
export const attributeGroupChanges = { name: Type.Optional(Name), position: Type.Optional(Position) };
export const attributeChanges = {
  groupId: attributeFields.groupId,
  name: Type.Optional(Name),
  values: attributeFields.values,
  position: Type.Optional(Position),
};
export const productChanges = {
  title: Type.Optional(productFields.title),
  subtitle: productFields.subtitle,
  description: productFields.description,
  brandId: productFields.brandId,
  images: productFields.images,
  specs: productFields.specs,
  status: productFields.status,
};
export const skuChanges = {
  attrs: Type.Optional(skuFields.attrs),
  price: Type.Optional(Money),
  barcode: skuFields.barcode,
  images: skuFields.images,
};
export const homeSectionChanges = {
  title: Type.Optional(Name),
  image: homeSectionFields.image,
  link: homeSectionFields.link,
  productIds: homeSectionFields.productIds,
  position: Type.Optional(Position),
};

export const Category = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  level: Type.Integer({ minimum: 1, maximum: MAX_CATEGORY_DEPTH, format: 'int32' }),
  name: Name,
  position: Position,
  ...Stamps,
});
export const Brand = Type.Object({ id: Uuid, name: Name, logo: Type.Union([ImageUrl, Type.Null()]), position: Position, ...Stamps });
export const AttributeGroup = Type.Object({ id: Uuid, categoryId: Uuid, name: Name, position: Position, ...Stamps });
export const Attribute = Type.Object({
  id: Uuid,
  categoryId: Uuid,
  groupId: Type.Union([Uuid, Type.Null()]),
  kind: AttributeKind,
  name: Name,
  values: Type.Array(AttributeValue, { maxItems: 50 }),
  position: Position,
  ...Stamps,
});
export const Sku = Type.Object({
  id: Uuid,
  productId: Uuid,
  attrs: skuFields.attrs,
  price: Money,
  barcode: Type.Union([Barcode, Type.Null()]),
  images: Images,
  ...Stamps,
});
export const Product = Type.Object({
  id: Uuid,
  title: productFields.title,
  subtitle: localized({ maxLength: 300 }),
  description: localized({ maxLength: 5000 }),
  brandId: Type.Union([Uuid, Type.Null()]),
  categoryId: Uuid,
  images: Images,
  specs: Type.Array(SpecValue, { maxItems: 50 }),
  status: ProductStatus,
  skus: Type.Array(Sku, { maxItems: MAX_SKUS_PER_PRODUCT }),
  ...Stamps,
});
export const HomeSection = Type.Object({
  id: Uuid,
  kind: homeSectionFields.kind,
  title: Name,
  image: Type.Union([ImageUrl, Type.Null()]),
  link: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  productIds: Type.Array(Uuid, { maxItems: 50 }),
  position: Position,
  ...Stamps,
});

/** The storefront's category tree: the top categories, their children and their leaves, each in position order. */
export const MAX_TREE_CHILDREN = 500;
const treeNode = <C extends TProperties>(extra: C) => Type.Object({ id: Uuid, name: Name, ...extra });
const TreeLeaf = treeNode({});
const TreeMiddle = treeNode({ children: Type.Array(TreeLeaf, { maxItems: MAX_TREE_CHILDREN }) });
export const CategoryTree = Type.Object({
  categories: Type.Array(treeNode({ children: Type.Array(TreeMiddle, { maxItems: MAX_TREE_CHILDREN }) }), { maxItems: MAX_TREE_CHILDREN }),
});

/** A SKU as cart and checkout see it: priced now, never from a stored copy. */
export const MAX_SNAPSHOT_SKUS = 200;
export const SkuSnapshot = Type.Object({
  skuId: Uuid,
  productId: Uuid,
  title: productFields.title,
  /** The sale attribute values that make this SKU, with the attributes' names, in the category's attribute order. */
  attrs: Type.Array(Type.Object({ attributeId: Uuid, name: Name, value: AttributeValue }), { maxItems: 10 }),
  /** The SKU's first image, else the product's. */
  image: Type.Union([ImageUrl, Type.Null()]),
  price: Money,
  /** The product is on sale: only then may the SKU be bought. */
  onSale: Type.Boolean(),
});

/** The storefront's home page: banners, then featured lists of the products on sale, with their lowest price. */
const ProductCard = Type.Object({
  id: Uuid,
  title: productFields.title,
  image: Type.Union([ImageUrl, Type.Null()]),
  price: Type.Union([Money, Type.Null()]),
});
export const HomePage = Type.Object({
  banners: Type.Array(
    Type.Object({ id: Uuid, title: Name, image: ImageUrl, link: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }),
    {
      maxItems: MAX_PAGE_SIZE,
    },
  ),
  featured: Type.Array(Type.Object({ id: Uuid, title: Name, products: Type.Array(ProductCard, { maxItems: 50 }) }), {
    maxItems: MAX_PAGE_SIZE,
  }),
});

/** The storefront's product search and browse: filters, a search text, an order and a page. */
/** The deepest page a search answers (offsets beyond it cost the database and help nobody). */
export const MAX_SEARCH_PAGE = 1000;
/** Each facet lists at most this many values, the most frequent first. */
export const MAX_FACET_VALUES = 100;
const Amount = Money.properties.amount;
const ProductSort = Type.Union([Type.Literal('relevance'), Type.Literal('price_asc'), Type.Literal('price_desc'), Type.Literal('newest')]);
export const ProductQuery = Type.Object(
  {
    /** A category of any level: its products and those of the categories below it. */
    categoryId: Type.Optional(Uuid),
    brandId: Type.Optional(Uuid),
    /** Words in Chinese or English; every one must be found (a latin word may also be a near miss). */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Bounds, inclusive, on a product's lowest SKU price, in minor units. */
    minPrice: Type.Optional(Amount),
    maxPrice: Type.Optional(Amount),
    /** Sale-attribute values `attributeId:value`; a product matches when its SKUs carry each of them. */
    attrs: Type.Optional(
      Type.Array(Type.String({ minLength: 38, maxLength: 97, pattern: '^[0-9a-fA-F-]{36}:.{1,60}$' }), { maxItems: 10, uniqueItems: true }),
    ),
    sort: Type.Optional(ProductSort),
    page: Type.Integer({ minimum: 1, maximum: MAX_SEARCH_PAGE, format: 'int32' }),
    pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' }),
  },
  strict,
);
const ListedProduct = Type.Object({
  id: Uuid,
  title: productFields.title,
  image: Type.Union([ImageUrl, Type.Null()]),
  /** The lowest SKU price; maxPrice is the highest. */
  price: Money,
  maxPrice: Amount,
  brandId: Type.Union([Uuid, Type.Null()]),
  categoryId: Uuid,
});
const FacetValue = Type.Object({ id: Uuid, count: Count });
export const ProductPage = Type.Object({
  items: Type.Array(ListedProduct, { maxItems: MAX_PAGE_SIZE }),
  total: Count,
  page: ProductQuery.properties.page,
  pageSize: ProductQuery.properties.pageSize,
  /** Counts of what the other filters let through: choosing a brand still shows the other brands' counts. */
  facets: Type.Object({
    categories: Type.Array(FacetValue, { maxItems: MAX_FACET_VALUES }),
    brands: Type.Array(FacetValue, { maxItems: MAX_FACET_VALUES }),
    prices: Type.Array(Type.Object({ from: Amount, to: Type.Union([Amount, Type.Null()]), count: Count }), { maxItems: 20 }),
  }),
});

/** The storefront's product page: the SPU with its names resolved, its SKUs, and what each may still be bought. */
export const ProductDetail = Type.Object({
  id: Uuid,
  title: productFields.title,
  subtitle: localized({ maxLength: 300 }),
  description: localized({ maxLength: 5000 }),
  images: Images,
  brand: Type.Union([Type.Object({ id: Uuid, name: Name }), Type.Null()]),
  /** From the top category down to the product's leaf. */
  categories: Type.Array(Type.Object({ id: Uuid, name: Name }), { maxItems: MAX_CATEGORY_DEPTH }),
  specs: Type.Array(Type.Object({ attributeId: Uuid, name: Name, value: SpecValue.properties.value }), { maxItems: 50 }),
  /** The attributes a shopper picks a SKU by (colour × size), with their values in order. */
  saleAttributes: Type.Array(Type.Object({ id: Uuid, name: Name, values: Type.Array(AttributeValue, { maxItems: 50 }) }), { maxItems: 10 }),
  skus: Type.Array(
    Type.Object({
      id: Uuid,
      attrs: skuFields.attrs,
      price: Money,
      images: Images,
      /** Units that may be bought now; null when availability is unknown. */
      available: Type.Union([Count, Type.Null()]),
    }),
    { maxItems: MAX_SKUS_PER_PRODUCT },
  ),
  /** False when inventory did not answer within the catalog's availabilityTimeoutMs: the page still shows, every available null. */
  availabilityKnown: Type.Boolean(),
});

/** A page of a list: at most MAX_PAGE_SIZE items, from an offset. */
export const pageFields = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, format: 'int32' })),
};
const pageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item, { maxItems: MAX_PAGE_SIZE }), total: Count });

const ById = Type.Object({ id: Uuid }, strict);
const Deleted = Type.Object({ deleted: Type.Literal(true) });
const create = <P extends TProperties>(fields: P) => Type.Object({ idempotencyKey: IdempotencyKey, ...fields }, strict);
const update = <P extends TProperties>(changes: P) => Type.Object({ id: Uuid, version: Version, ...changes }, strict);

/** The business codes the catalog answers with, and their status. */
export const CatalogErrors = {
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  UNKNOWN_CATEGORY: 400,
  CATEGORY_TOO_DEEP: 400,
  CATEGORY_LIMIT_REACHED: 409,
  CATEGORY_NOT_LEAF: 400,
  CATEGORY_HAS_CHILDREN: 409,
  CATEGORY_HAS_PRODUCTS: 409,
  UNKNOWN_BRAND: 400,
  BRAND_IN_USE: 409,
  UNKNOWN_ATTRIBUTE_GROUP: 400,
  SALE_VALUES_REQUIRED: 400,
  ATTRIBUTE_IN_USE: 409,
  SKU_ATTRIBUTES_MISMATCH: 400,
  SKU_VALUE_NOT_ALLOWED: 400,
  SPEC_ATTRIBUTE_MISMATCH: 400,
  PRICE_NOT_POSITIVE: 400,
  DUPLICATE_SKU: 409,
  BARCODE_TAKEN: 409,
  SKU_LIMIT_REACHED: 409,
  PRODUCT_WITHOUT_SKUS: 409,
  UNKNOWN_PRODUCT: 400,
  BANNER_NEEDS_IMAGE: 400,
  FEATURED_NEEDS_PRODUCTS: 400,
  IMAGE_CONTENT_MISMATCH: 400,
  UNSAFE_SVG: 400,
} as const;
type Code = keyof typeof CatalogErrors;
const codes = <const K extends Code>(...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, CatalogErrors[k]])) as unknown as Pick<typeof CatalogErrors, K>;

/** The pictures the back office may upload, and how large one may be. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** An image's name: the SHA-256 of its bytes (so a name never changes meaning) and the extension of its type. */
export const ImageKey = Type.String({ maxLength: 69, pattern: '^[0-9a-f]{64}\\.(png|jpg|webp|svg)$' });
const Base64 = Type.String({ maxLength: Math.ceil(MAX_IMAGE_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]*={0,2}$', contentEncoding: 'base64' });
export const StoredImage = Type.Object({
  key: ImageKey,
  /** Where the storefront reads it (through the gateway), to put in a product's, a SKU's or a banner's images. */
  url: ImageUrl,
  contentType: Type.Union([
    Type.Literal(IMAGE_TYPES[0]),
    Type.Literal(IMAGE_TYPES[1]),
    Type.Literal(IMAGE_TYPES[2]),
    Type.Literal(IMAGE_TYPES[3]),
  ]),
  size: Type.Integer({ minimum: 1, maximum: MAX_IMAGE_BYTES, format: 'int32' }),
});

export const CatalogContract = defineContract('catalog', {
  createCategory: {
    summary:
      'Creates a category under a parent (or at the top); the tree is at most 3 levels deep, with at most 500 top categories and 500 children per category. Idempotent by key.',
    input: create({ parentId: Type.Optional(Type.Union([Uuid, Type.Null()])), ...categoryFields }),
    output: Category,
    errors: codes('IDEMPOTENCY_KEY_REUSED', 'UNKNOWN_CATEGORY', 'CATEGORY_TOO_DEEP', 'CATEGORY_LIMIT_REACHED'),
    idempotent: true,
  },
  getCategory: { input: ById, output: Category, errors: { NOT_FOUND: 404 }, idempotent: true },
  listCategories: {
    summary: 'Categories by level then position; `parentId` lists the children of one category.',
    input: Type.Object({ parentId: Type.Optional(Uuid), ...pageFields }, strict),
    output: pageOf(Category),
    idempotent: true,
  },
  updateCategory: {
    summary: 'Renames or moves a category among its siblings; a stale version is VERSION_CONFLICT.',
    input: update(categoryChanges),
    output: Category,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT') },
    idempotent: true,
  },
  deleteCategory: {
    summary: 'Deletes a category with its attributes; refused while it has children or products.',
    input: ById,
    output: Deleted,
    errors: { NOT_FOUND: 404, ...codes('CATEGORY_HAS_CHILDREN', 'CATEGORY_HAS_PRODUCTS') },
    idempotent: true,
  },

  createBrand: { input: create(brandFields), output: Brand, errors: codes('IDEMPOTENCY_KEY_REUSED'), idempotent: true },
  getBrand: { input: ById, output: Brand, errors: { NOT_FOUND: 404 }, idempotent: true },
  listBrands: { input: Type.Object(pageFields, strict), output: pageOf(Brand), idempotent: true },
  updateBrand: {
    input: update(brandChanges),
    output: Brand,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT') },
    idempotent: true,
  },
  deleteBrand: {
    summary: 'Deletes a brand; refused while a product names it.',
    input: ById,
    output: Deleted,
    errors: { NOT_FOUND: 404, ...codes('BRAND_IN_USE') },
    idempotent: true,
  },

  createAttributeGroup: {
    summary: 'Creates a group of attributes of a leaf category (how the product page groups its specs).',
    input: create(attributeGroupFields),
    output: AttributeGroup,
    errors: codes('IDEMPOTENCY_KEY_REUSED', 'UNKNOWN_CATEGORY', 'CATEGORY_NOT_LEAF'),
    idempotent: true,
  },
  getAttributeGroup: { input: ById, output: AttributeGroup, errors: { NOT_FOUND: 404 }, idempotent: true },
  listAttributeGroups: {
    input: Type.Object({ categoryId: Type.Optional(Uuid), ...pageFields }, strict),
    output: pageOf(AttributeGroup),
    idempotent: true,
  },
  updateAttributeGroup: {
    input: update(attributeGroupChanges),
    output: AttributeGroup,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT') },
    idempotent: true,
  },
  deleteAttributeGroup: {
    summary: 'Deletes a group; its attributes stay, ungrouped.',
    input: ById,
    output: Deleted,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },

  createAttribute: {
    summary:
      'Creates a spec or sale attribute of a leaf category; a sale attribute needs its allowed values, and none is added while the category has products.',
    input: create(attributeFields),
    output: Attribute,
    errors: codes(
      'IDEMPOTENCY_KEY_REUSED',
      'UNKNOWN_CATEGORY',
      'CATEGORY_NOT_LEAF',
      'UNKNOWN_ATTRIBUTE_GROUP',
      'SALE_VALUES_REQUIRED',
      'ATTRIBUTE_IN_USE',
    ),
    idempotent: true,
  },
  getAttribute: { input: ById, output: Attribute, errors: { NOT_FOUND: 404 }, idempotent: true },
  listAttributes: {
    input: Type.Object({ categoryId: Type.Optional(Uuid), kind: Type.Optional(AttributeKind), ...pageFields }, strict),
    output: pageOf(Attribute),
    idempotent: true,
  },
  updateAttribute: {
    summary: 'Changes an attribute; a value a SKU uses cannot be taken from a sale attribute.',
    input: update(attributeChanges),
    output: Attribute,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT', 'UNKNOWN_ATTRIBUTE_GROUP', 'SALE_VALUES_REQUIRED', 'ATTRIBUTE_IN_USE') },
    idempotent: true,
  },
  deleteAttribute: {
    summary: 'Deletes an attribute; refused for a sale attribute while its category has products.',
    input: ById,
    output: Deleted,
    errors: { NOT_FOUND: 404, ...codes('ATTRIBUTE_IN_USE') },
    idempotent: true,
  },

  createProduct: {
    summary: 'Creates an SPU in a leaf category, optionally with its SKUs; on sale needs at least one SKU.',
    input: create(productFields),
    output: Product,
    errors: codes(
      'IDEMPOTENCY_KEY_REUSED',
      'UNKNOWN_CATEGORY',
      'CATEGORY_NOT_LEAF',
      'UNKNOWN_BRAND',
      'SPEC_ATTRIBUTE_MISMATCH',
      'SKU_ATTRIBUTES_MISMATCH',
      'SKU_VALUE_NOT_ALLOWED',
      'PRICE_NOT_POSITIVE',
      'DUPLICATE_SKU',
      'BARCODE_TAKEN',
      'PRODUCT_WITHOUT_SKUS',
    ),
    idempotent: true,
  },
  getProduct: { summary: 'An SPU with its SKUs.', input: ById, output: Product, errors: { NOT_FOUND: 404 }, idempotent: true },
  listProducts: {
    summary: 'SPUs with their SKUs, newest first, optionally of one category, brand or status.',
    input: Type.Object(
      { categoryId: Type.Optional(Uuid), brandId: Type.Optional(Uuid), status: Type.Optional(ProductStatus), ...pageFields },
      strict,
    ),
    output: pageOf(Product),
    idempotent: true,
  },
  updateProduct: {
    summary: 'Changes an SPU (its category stays); on sale needs at least one SKU.',
    input: update(productChanges),
    output: Product,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT', 'UNKNOWN_BRAND', 'SPEC_ATTRIBUTE_MISMATCH', 'PRODUCT_WITHOUT_SKUS') },
    idempotent: true,
  },
  deleteProduct: { summary: 'Deletes an SPU and its SKUs.', input: ById, output: Deleted, errors: { NOT_FOUND: 404 }, idempotent: true },

  createSku: {
    summary: 'Adds a SKU to an SPU: one value for each sale attribute of its category, one SKU per combination.',
    input: create({ productId: Uuid, ...skuFields }),
    output: Sku,
    errors: {
      NOT_FOUND: 404,
      ...codes(
        'IDEMPOTENCY_KEY_REUSED',
        'SKU_ATTRIBUTES_MISMATCH',
        'SKU_VALUE_NOT_ALLOWED',
        'PRICE_NOT_POSITIVE',
        'DUPLICATE_SKU',
        'BARCODE_TAKEN',
        'SKU_LIMIT_REACHED',
      ),
    },
    idempotent: true,
  },
  updateSku: {
    input: update(skuChanges),
    output: Sku,
    errors: {
      NOT_FOUND: 404,
      ...codes(
        'VERSION_CONFLICT',
        'SKU_ATTRIBUTES_MISMATCH',
        'SKU_VALUE_NOT_ALLOWED',
        'PRICE_NOT_POSITIVE',
        'DUPLICATE_SKU',
        'BARCODE_TAKEN',
      ),
    },
    idempotent: true,
  },
  deleteSku: {
    summary: 'Deletes a SKU; the last SKU of an SPU on sale stays.',
    input: ById,
    output: Deleted,
    errors: { NOT_FOUND: 404, ...codes('PRODUCT_WITHOUT_SKUS') },
    idempotent: true,
  },

  createHomeSection: {
    summary: 'Adds a banner (image, link) or a featured list of products to the home page, ordered by position.',
    input: create(homeSectionFields),
    output: HomeSection,
    errors: codes('IDEMPOTENCY_KEY_REUSED', 'BANNER_NEEDS_IMAGE', 'FEATURED_NEEDS_PRODUCTS', 'UNKNOWN_PRODUCT'),
    idempotent: true,
  },
  getHomeSection: { input: ById, output: HomeSection, errors: { NOT_FOUND: 404 }, idempotent: true },
  listHomeSections: { input: Type.Object(pageFields, strict), output: pageOf(HomeSection), idempotent: true },
  updateHomeSection: {
    input: update(homeSectionChanges),
    output: HomeSection,
    errors: { NOT_FOUND: 404, ...codes('VERSION_CONFLICT', 'BANNER_NEEDS_IMAGE', 'FEATURED_NEEDS_PRODUCTS', 'UNKNOWN_PRODUCT') },
    idempotent: true,
  },
  deleteHomeSection: { input: ById, output: Deleted, errors: { NOT_FOUND: 404 }, idempotent: true },

  uploadImage: {
    summary:
      'Stores a picture (PNG, JPEG, WebP or SVG without scripts, at most 2 MiB) under the SHA-256 of its bytes: the same bytes ' +
      'always get the same key, so a retry is harmless.',
    input: Type.Object({ contentType: Type.String({ maxLength: 100 }), data: Base64 }, strict),
    output: StoredImage,
    errors: { PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, ...codes('IMAGE_CONTENT_MISMATCH', 'UNSAFE_SVG') },
    idempotent: true,
  },
  image: {
    summary: 'A stored picture: its media type and its bytes (base64).',
    input: Type.Object({ key: ImageKey }, strict),
    output: Type.Object({ contentType: StoredImage.properties.contentType, data: Base64 }),
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },

  categoryTree: {
    summary: "The storefront's category tree, three levels in position order (through the cache).",
    input: Type.Object({}, strict),
    output: CategoryTree,
    idempotent: true,
  },
  productPage: {
    summary:
      "The storefront's product page: a product on sale with its brand, categories, specs, sale attributes and SKUs with availability.",
    input: ById,
    output: ProductDetail,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
  searchProducts: {
    summary: 'Products on sale: filtered, searched in Chinese and English, sorted and paged, with facet counts.',
    input: ProductQuery,
    output: ProductPage,
    idempotent: true,
  },
  skuSnapshots: {
    summary:
      "What cart and checkout show and charge for up to 200 SKUs, in one call: the product title, the SKU's sale attributes by name, " +
      'its image, its current price, and whether its product is on sale. Unknown SKU ids are left out of the answer.',
    input: Type.Object({ skuIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_SNAPSHOT_SKUS, uniqueItems: true }) }, strict),
    output: Type.Object({ items: Type.Array(SkuSnapshot, { maxItems: MAX_SNAPSHOT_SKUS }) }),
    idempotent: true,
  },
  homePage: {
    summary: "The storefront's home page: banners and featured lists of products on sale, each with its lowest SKU price.",
    input: Type.Object({}, strict),
    output: HomePage,
    idempotent: true,
  },
});

export type CatalogInput<K extends keyof typeof CatalogContract.methods> = MethodInput<typeof CatalogContract, K>;
export type CatalogOutput<K extends keyof typeof CatalogContract.methods> = MethodOutput<typeof CatalogContract, K>;
