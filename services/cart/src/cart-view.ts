// What a shopper sees of a cart: every line at catalog's current price and inventory's current availability, read
// on every view (no price is stored but the one a line was added at, kept only to flag a change). Inventory gets a
// deadline of its own; without its answer in time the cart still shows, with availability unknown.
import { MallError } from '@mall/contracts';
import type { CartOutput } from '@mall/contracts/cart';
import type { CatalogContract, CatalogOutput } from '@mall/contracts/catalog';
import type { InventoryContract } from '@mall/contracts/inventory';
import type { Logger } from '@mall/platform/observability';
import type { Client } from '@mall/platform/rpc';
import { lineStatus, samePrice, subtotalOf, type Limits } from './domain/cart.ts';
import type { Availability, StoredLine } from './lines.ts';

type CartView = CartOutput<'getCart'>;
export type SkuSnapshot = CatalogOutput<'skuSnapshots'>['items'][number];

export interface CartViewDeps {
  catalog: Client<typeof CatalogContract>;
  inventory: Client<typeof InventoryContract>;
  log: Logger;
  availabilityTimeoutMs: () => number;
}

export class CartViews {
  constructor(private readonly deps: CartViewDeps) {}

  /** Catalog's snapshots of the SKUs, by id (ids catalog does not know are absent). */
  async snapshots(skuIds: string[]): Promise<Map<string, SkuSnapshot>> {
    if (skuIds.length === 0) return new Map();
    const { items } = await this.deps.catalog.skuSnapshots({ skuIds });
    return new Map(items.map((item) => [item.skuId, item]));
  }

  /**
   * What may be bought of each SKU, in one call with the cart's own deadline; undefined when inventory could not
   * answer in time (unavailable, too slow, failing). A refusal of the request itself (a 4xx) is a bug, and is thrown.
   */
  async availability(skuIds: string[]): Promise<Availability> {
    if (skuIds.length === 0) return new Map();
    try {
      const { items } = await this.deps.inventory.availability({ skuIds }, { timeoutMs: this.deps.availabilityTimeoutMs() });
      return new Map(items.map((item) => [item.skuId, item.available]));
    } catch (err) {
      if (!(err instanceof MallError) || err.status < 500) throw err;
      this.deps.log.warn({ code: err.code }, 'cart without availability: inventory did not answer in time');
      return undefined;
    }
  }

  /** The cart as the shopper sees it now. */
  async view(lines: StoredLine[], limits: Limits): Promise<CartView> {
    const skuIds = lines.map((line) => line.skuId);
    const [snapshots, available] = await Promise.all([this.snapshots(skuIds), this.availability(skuIds)]);
    const shown = lines.map((line) => lineView(line, snapshots.get(line.skuId), available));
    const buyable = shown.filter((line) => line.selected && line.status === 'ok' && line.lineTotal !== null);
    return {
      lines: shown,
      availabilityKnown: available !== undefined,
      selectedQuantity: buyable.reduce((sum, line) => sum + line.quantity, 0),
      subtotal: subtotalOf(buyable.map((line) => line.lineTotal!)),
      limits: { maxLines: limits.maxLines, maxQuantityPerLine: limits.maxQuantityPerLine },
    };
  }
}

function lineView(line: StoredLine, snapshot: SkuSnapshot | undefined, available: Availability): CartView['lines'][number] {
  const availableNow = available === undefined ? undefined : (available.get(line.skuId) ?? 0);
  const unitPrice = snapshot?.price ?? null;
  return {
    skuId: line.skuId,
    quantity: line.quantity,
    selected: line.selected,
    productId: snapshot?.productId ?? null,
    title: snapshot?.title ?? null,
    attrs: snapshot?.attrs ?? [],
    image: snapshot?.image ?? null,
    unitPrice,
    addedPrice: line.addedPrice,
    priceChanged: unitPrice !== null && !samePrice(unitPrice, line.addedPrice),
    available: availableNow ?? null,
    status: lineStatus({ quantity: line.quantity, onSale: snapshot?.onSale ?? false, available: availableNow }),
    lineTotal: unitPrice === null ? null : { amount: unitPrice.amount * line.quantity, currency: unitPrice.currency },
  };
}
