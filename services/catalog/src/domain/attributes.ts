// Attribute rules: a sale attribute defines SKUs, so it has allowed values, and it cannot change under
// products already sold by it (their SKUs would stop matching their category).
import { fieldRefused } from '@mall/contracts';

export type AttributeKind = 'spec' | 'sale';

/** A sale attribute needs at least one allowed value: a SKU must be able to pick one. */
export function assertValues(kind: AttributeKind, values: readonly string[]): void {
  if (kind === 'sale' && values.length === 0)
    throw fieldRefused('SALE_VALUES_REQUIRED', { path: '/values', message: 'a sale attribute needs at least one allowed value' });
}

/** Sale attributes may be added or deleted only while their category has no products: existing SKUs would stop matching. */
export function assertSaleAttributesFree(kind: AttributeKind, productsInCategory: number): void {
  if (kind === 'sale' && productsInCategory > 0)
    throw fieldRefused('ATTRIBUTE_IN_USE', {
      path: '/categoryId',
      message: `the category's ${productsInCategory} products define their SKUs by its sale attributes`,
    });
}

/** A value some SKU uses cannot be taken from a sale attribute's allowed values. */
export function assertKeepsUsedValues(kind: AttributeKind, next: readonly string[], used: ReadonlySet<string>): void {
  if (kind !== 'sale') return;
  const dropped = [...used].filter((v) => !next.includes(v));
  if (dropped.length > 0)
    throw fieldRefused('ATTRIBUTE_IN_USE', { path: '/values', message: `SKUs use ${dropped.map((v) => `"${v}"`).join(', ')}` });
}
