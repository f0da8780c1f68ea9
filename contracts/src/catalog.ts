// The catalog service's contract: its methods, their inputs, outputs and errors, declared once.
// Server validation, the typed client and the docs all come from here.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { IdempotencyKey, strict, Timestamp, Uuid } from './primitives.ts';

const ProductName = Type.String({ minLength: 1, maxLength: 100 });

export const Product = Type.Object({ id: Uuid, name: ProductName, createdAt: Timestamp });

export const CatalogContract = defineContract('catalog', {
  createProduct: {
    input: Type.Object({ idempotencyKey: IdempotencyKey, name: ProductName }, strict),
    output: Product,
    errors: { PRODUCT_LIMIT_REACHED: 409 },
    idempotent: true,
    summary: 'Creates a product; a retry with the same idempotency key answers the same product.',
  },
  getProduct: {
    input: Type.Object({ id: Uuid }, strict),
    output: Product,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
});
