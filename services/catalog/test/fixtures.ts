// Catalog test data: each test builds its own small tree (a top, a middle and a leaf category) with sale
// attributes colour × size, through the same typed client the gateway uses.
import { randomUUID } from 'node:crypto';
import type { Client } from '@mall/platform/rpc';
import type { CatalogContract, CatalogInput } from '@mall/contracts/catalog';

export type CatalogClient = Client<typeof CatalogContract>;

export const key = (): string => `t-${randomUUID()}`;
export const text = (en: string): { zh: string; en: string } => ({ zh: `中文 ${en}`, en });
export const yuan = (amount: number) => ({ amount, currency: 'CNY' });

export interface Leaf {
  top: string;
  middle: string;
  leaf: string;
  colour: { id: string; values: string[] };
  size: { id: string; values: string[] };
  spec: string;
}

/** Top → middle → leaf, with sale attributes colour (red, blue) and size (S, M, L) and one spec attribute. */
export async function leafCategory(catalog: CatalogClient, label = 'leaf'): Promise<Leaf> {
  const top = await catalog.createCategory({ idempotencyKey: key(), name: text(`${label} top`) });
  const middle = await catalog.createCategory({ idempotencyKey: key(), parentId: top.id, name: text(`${label} middle`) });
  const leaf = await catalog.createCategory({ idempotencyKey: key(), parentId: middle.id, name: text(label) });
  const attribute = (kind: 'sale' | 'spec', name: string, values: string[]) =>
    catalog.createAttribute({ idempotencyKey: key(), categoryId: leaf.id, kind, name: text(name), values });
  const colour = await attribute('sale', 'colour', ['red', 'blue']);
  const size = await attribute('sale', 'size', ['S', 'M', 'L']);
  const spec = await attribute('spec', 'material', []);
  return { top: top.id, middle: middle.id, leaf: leaf.id, colour, size, spec: spec.id };
}

/** A SKU of the leaf's colour × size at a price in fen. */
export type NewSku = NonNullable<CatalogInput<'createProduct'>['skus']>[number];

export function sku(leaf: Leaf, colour: string, size: string, amount = 9900): NewSku {
  return {
    attrs: [
      { attributeId: leaf.colour.id, value: colour },
      { attributeId: leaf.size.id, value: size },
    ],
    price: yuan(amount),
  };
}

export function newProduct(leaf: Leaf, extra: Partial<CatalogInput<'createProduct'>> = {}): CatalogInput<'createProduct'> {
  return { idempotencyKey: key(), title: text('Wireless Headphones'), categoryId: leaf.leaf, ...extra };
}
