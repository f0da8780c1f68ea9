// The cart service: carts, created once per idempotency key and read by id.
// This file is its only wiring; the runtime does the rest (config, migrations, RPC, health, shutdown).
import { fileURLToPath } from 'node:url';
import { CartContract } from '@mall/contracts/cart';
import { defineService } from '@mall/platform/runtime';
import { CartConfig } from './config.ts';
import { cartHandlers } from './handlers.ts';
import { Carts } from './carts.ts';

export default defineService({
  name: 'cart',
  contract: CartContract,
  config: CartConfig,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  setup: (ctx) => ({ carts: new Carts(ctx.db, () => ctx.config.current.maxCarts) }),
  handlers: (_ctx, { carts }) => cartHandlers(carts),
});
