// The inventory service's contract: its methods, their inputs, outputs and errors, declared once.
// Server validation, the typed client and the docs all come from here.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { IdempotencyKey, strict, Timestamp, Uuid } from './primitives.ts';

const StockName = Type.String({ minLength: 1, maxLength: 100 });

export const Stock = Type.Object({ id: Uuid, name: StockName, createdAt: Timestamp });

export const InventoryContract = defineContract('inventory', {
  createStock: {
    input: Type.Object({ idempotencyKey: IdempotencyKey, name: StockName }, strict),
    output: Stock,
    errors: { STOCK_LIMIT_REACHED: 409 },
    idempotent: true,
    summary: 'Creates a stock; a retry with the same idempotency key answers the same stock.',
  },
  getStock: {
    input: Type.Object({ id: Uuid }, strict),
    output: Stock,
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
});
