// A cart's use cases: the owner's cart key, the checks an add or a change needs from catalog and inventory, the
// change itself (lines.ts) and the cart shown afterwards at the current prices (cart-view.ts).
import { createHash } from 'node:crypto';
import { MallError } from '@mall/contracts';
import type { CartInput, CartOutput } from '@mall/contracts/cart';
import type { CartViews } from './cart-view.ts';
import type { Limits } from './domain/cart.ts';
import type { CartLines } from './lines.ts';

type CartView = CartOutput<'getCart'>;
type Owner = CartInput<'getCart'>['owner'];

/** A member's cart is keyed by the user id; a guest's by a digest of the token, so the table holds no usable token. */
export function cartKeyOf(owner: Owner): string {
  if ('buyerId' in owner) return memberKey(owner.buyerId);
  return `g:${createHash('sha256').update(owner.guestToken).digest('base64url')}`;
}

export function memberKey(buyerId: string): string {
  return `m:${buyerId.toLowerCase()}`;
}

export class Carts {
  constructor(
    private readonly lines: CartLines,
    private readonly views: CartViews,
    private readonly limits: () => Limits,
  ) {}

  async get(owner: Owner): Promise<CartView> {
    return this.show(cartKeyOf(owner));
  }

  async add(input: CartInput<'addLine'>): Promise<CartView> {
    const key = cartKeyOf(input.owner);
    const [snapshot] = (await this.views.snapshots([input.skuId])).values();
    if (!snapshot) throw new MallError('SKU_NOT_FOUND', 'no such SKU');
    if (!snapshot.onSale) throw new MallError('SKU_NOT_ON_SALE', 'this SKU is not on sale');
    const available = (await this.views.availability([input.skuId]))?.get(input.skuId);
    await this.lines.add(
      key,
      { idempotencyKey: input.idempotencyKey, skuId: input.skuId, quantity: input.quantity, price: snapshot.price, available },
      this.limits(),
    );
    return this.show(key);
  }

  async update(input: CartInput<'updateLine'>): Promise<CartView> {
    const key = cartKeyOf(input.owner);
    const available = input.quantity === undefined ? undefined : (await this.views.availability([input.skuId]))?.get(input.skuId);
    await this.lines.update(key, { skuId: input.skuId, quantity: input.quantity, selected: input.selected, available }, this.limits());
    return this.show(key);
  }

  async remove(input: CartInput<'removeLine'>): Promise<CartView> {
    const key = cartKeyOf(input.owner);
    await this.lines.remove(key, input.skuId);
    return this.show(key);
  }

  async merge({ guestToken, buyerId }: CartInput<'mergeGuestCart'>): Promise<CartOutput<'mergeGuestCart'>> {
    const guestKey = cartKeyOf({ guestToken });
    const guest = await this.lines.list(guestKey);
    const available = await this.views.availability(guest.map((line) => line.skuId));
    const { merged, leftBehind } =
      guest.length === 0 ? { merged: 0, leftBehind: 0 } : await this.lines.merge(guestKey, memberKey(buyerId), available, this.limits());
    return { merged, leftBehind, cart: await this.show(memberKey(buyerId)) };
  }

  async checkoutLines({ buyerId }: CartInput<'checkoutLines'>): Promise<CartOutput<'checkoutLines'>> {
    return { lines: await this.lines.selected(memberKey(buyerId)) };
  }

  private async show(key: string): Promise<CartView> {
    return this.views.view(await this.lines.list(key), this.limits());
  }
}
