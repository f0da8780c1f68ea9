// The cart service's contract: its methods, their inputs, outputs and errors, declared once.
// Server validation, the typed client and the docs all come from here.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { IdempotencyKey, strict, Timestamp, Uuid } from './primitives.ts';

const CartName = Type.String({ minLength: 1, maxLength: 100 });

export const Cart = Type.Object({ id: Uuid, name: CartName, createdAt: Timestamp });

export const CartContract = defineContract('cart', {
  createCart: {
    input: Type.Object({ idempotencyKey: IdempotencyKey, name: CartName }, strict),
    output: Cart,
    errors: { CART_LIMIT_REACHED: 409 },
    idempotent: true,
    summary: 'Creates a cart; a retry with the same idempotency key answers the same cart.',
  },
  getCart: {
    input: Type.Object({ id: Uuid }, strict),
    output: Cart,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
});
