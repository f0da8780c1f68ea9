// The shopper's cart, guest or member (the gateway keeps a guest's cart token in a cookie and merges that cart at
// sign-in): the last view the API answered, shared by the header's badge and the cart page.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';

export type CartView = paths['/api/cart']['get']['responses'][200]['content']['application/json'];
export type CartLine = CartView['lines'][number];

export const useCartStore = defineStore('cart', () => {
  const view = ref<CartView | null>(null);

  async function load(): Promise<CartView> {
    view.value = await unwrap(api.GET('/api/cart'));
    return view.value;
  }

  /** Units of a SKU into the cart; the key makes a double click or a retry add them once. */
  async function add(skuId: string, quantity: number): Promise<void> {
    const key = crypto.randomUUID();
    view.value = await unwrap(api.POST('/api/cart/lines', { body: { skuId, quantity }, headers: { 'idempotency-key': key } }));
  }

  async function update(skuId: string, change: { quantity?: number; selected?: boolean }): Promise<void> {
    view.value = await unwrap(api.PATCH('/api/cart/lines/{skuId}', { params: { path: { skuId } }, body: change }));
  }

  async function remove(skuId: string): Promise<void> {
    view.value = await unwrap(api.DELETE('/api/cart/lines/{skuId}', { params: { path: { skuId } } }));
  }

  /** Units in the cart, for the header's badge. */
  const count = computed(() => view.value?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0);

  return { view, count, load, add, update, remove };
});
