// SPU rules: what may be on sale, and which spec values it may carry.
import { fieldRefused } from '@mall/contracts';
import type { AttrValue } from './skus.ts';

export type ProductStatus = 'draft' | 'on_sale' | 'off_sale';

/** A product on sale must offer something to buy: at least one SKU. */
export function assertSellable(status: ProductStatus, skuCount: number, path = '/status'): void {
  if (status === 'on_sale' && skuCount === 0)
    throw fieldRefused('PRODUCT_WITHOUT_SKUS', { path, message: 'a product on sale needs at least one SKU' });
}

/** Spec values name spec attributes of the product's category, each at most once. */
export function assertSpecs(specs: readonly AttrValue[], specAttributeIds: ReadonlySet<string>): void {
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    if (!specAttributeIds.has(spec.attributeId) || seen.has(spec.attributeId))
      throw fieldRefused('SPEC_ATTRIBUTE_MISMATCH', {
        path: `/specs/${i}/attributeId`,
        message: seen.has(spec.attributeId) ? 'names a spec attribute twice' : "is not a spec attribute of the product's category",
      });
    seen.add(spec.attributeId);
  });
}
