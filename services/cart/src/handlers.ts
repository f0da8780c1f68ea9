// Cart's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { CartContract } from '@mall/contracts/cart';
import type { Handlers } from '@mall/platform/rpc';
import type { Carts } from './carts.ts';

export function cartHandlers(carts: Carts): Handlers<typeof CartContract> {
  return {
    getCart: ({ owner }) => carts.get(owner),
    addLine: (input) => carts.add(input),
    updateLine: (input) => carts.update(input),
    removeLine: (input) => carts.remove(input),
    mergeGuestCart: (input) => carts.merge(input),
    checkoutLines: (input) => carts.checkoutLines(input),
  };
}
