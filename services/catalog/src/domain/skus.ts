// SKU rules: a SKU takes exactly one allowed value of each sale attribute of its product's category,
// costs more than nothing, and no two SKUs of a product share a combination of values.
import { fieldRefused } from '@mall/contracts';

export interface AttrValue {
  attributeId: string;
  value: string;
}
export interface SaleAttribute {
  id: string;
  values: readonly string[];
}

/** The combination's canonical key (values by attribute id), what "one SKU per combination" compares. */
export function combinationKey(attrs: readonly AttrValue[]): string {
  return JSON.stringify([...attrs].sort((a, b) => (a.attributeId < b.attributeId ? -1 : 1)).map((a) => [a.attributeId, a.value]));
}

/**
 * Checks a SKU's values against its category's sale attributes and answers the combination key: every sale
 * attribute exactly once (SKU_ATTRIBUTES_MISMATCH) with one of its allowed values (SKU_VALUE_NOT_ALLOWED).
 */
export function checkSkuAttrs(attrs: readonly AttrValue[], saleAttributes: readonly SaleAttribute[], path = '/attrs'): string {
  const byId = new Map(saleAttributes.map((a) => [a.id, a]));
  const seen = new Set<string>();
  attrs.forEach((attr, i) => {
    const attribute = byId.get(attr.attributeId);
    if (!attribute || seen.has(attr.attributeId))
      throw fieldRefused('SKU_ATTRIBUTES_MISMATCH', {
        path: `${path}/${i}/attributeId`,
        message: attribute ? 'names a sale attribute twice' : "is not a sale attribute of the product's category",
      });
    seen.add(attr.attributeId);
    if (!attribute.values.includes(attr.value))
      throw fieldRefused('SKU_VALUE_NOT_ALLOWED', { path: `${path}/${i}/value`, message: `must be one of ${attribute.values.join(', ')}` });
  });
  const missing = saleAttributes.filter((a) => !seen.has(a.id));
  if (missing.length > 0)
    throw fieldRefused('SKU_ATTRIBUTES_MISMATCH', { path, message: `misses the sale attributes ${missing.map((a) => a.id).join(', ')}` });
  return combinationKey(attrs);
}

/** A price is a positive number of minor units: nothing is sold for free or less. */
export function assertPositivePrice(price: { amount: number }, path = '/price/amount'): void {
  if (price.amount <= 0) throw fieldRefused('PRICE_NOT_POSITIVE', { path, message: 'must be more than 0 minor units' });
}

/** Each combination once among the given keys (a product's SKUs): the index of the first repeat is named. */
export function assertDistinctCombinations(keys: readonly string[], path = '/skus'): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key)) throw fieldRefused('DUPLICATE_SKU', { path: `${path}/${i}/attrs`, message: 'another SKU has these values' });
    seen.add(key);
  });
}
