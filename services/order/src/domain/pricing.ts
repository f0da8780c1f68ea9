// The price of an order, pure and in integer minor units: items, the shipping fee by the configured rule, the total.
// Unit prices always come from catalog at the time of pricing; nothing here trusts a price from a client.

export interface Money {
  amount: number;
  currency: string;
}

export interface PricedLine {
  quantity: number;
  unitPrice: Money;
}

/** Free shipping from `freeFrom` (items total, minor units) upwards, else a flat `flatFee`. */
export interface ShippingRule {
  flatFee: number;
  freeFrom: number;
}

export interface PriceBreakdown {
  items: Money;
  shipping: Money;
  total: Money;
}

export class MixedCurrencies extends Error {}

export function lineTotal(line: PricedLine): number {
  return line.unitPrice.amount * line.quantity;
}

export function shippingFee(itemsAmount: number, rule: ShippingRule): number {
  return itemsAmount >= rule.freeFrom ? 0 : rule.flatFee;
}

/** One currency per order: a cart mixing currencies cannot be paid with one intent. */
export function priceBreakdown(lines: readonly PricedLine[], rule: ShippingRule): PriceBreakdown {
  const currency = lines[0]?.unitPrice.currency;
  if (currency === undefined) throw new Error('an order has at least one line');
  if (lines.some((l) => l.unitPrice.currency !== currency)) throw new MixedCurrencies('lines are priced in different currencies');
  const items = lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const shipping = shippingFee(items, rule);
  return { items: { amount: items, currency }, shipping: { amount: shipping, currency }, total: { amount: items + shipping, currency } };
}

export interface CartLine {
  skuId: string;
  quantity: number;
}

/** What catalog says a SKU is now (its skuSnapshots item). */
export interface SkuSnapshot {
  skuId: string;
  productId: string;
  title: { zh: string; en: string };
  attrs: Array<{ attributeId: string; name: { zh: string; en: string }; value: string }>;
  image: string | null;
  price: Money;
  onSale: boolean;
}

export interface SnapshotLine extends Omit<SkuSnapshot, 'price' | 'onSale'> {
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/**
 * Each cart line priced by catalog's current snapshot, in the cart's order. A SKU catalog no longer knows, or whose
 * product is off sale, may not be bought: those are named in `unavailable` and nothing is priced.
 */
export function priceCartLines(
  lines: readonly CartLine[],
  snapshots: readonly SkuSnapshot[],
): { kind: 'priced'; lines: SnapshotLine[] } | { kind: 'unavailable'; skuIds: string[] } {
  const bySku = new Map(snapshots.map((s) => [s.skuId, s]));
  const unavailable = lines.filter((l) => !bySku.get(l.skuId)?.onSale).map((l) => l.skuId);
  if (unavailable.length > 0) return { kind: 'unavailable', skuIds: unavailable };
  return {
    kind: 'priced',
    lines: lines.map((line) => {
      const { price, onSale: _onSale, ...snapshot } = bySku.get(line.skuId)!;
      return {
        ...snapshot,
        quantity: line.quantity,
        unitPrice: price,
        lineTotal: { amount: price.amount * line.quantity, currency: price.currency },
      };
    }),
  };
}
