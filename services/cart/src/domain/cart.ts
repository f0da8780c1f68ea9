// The rules of a cart, without I/O: what a line's state is at the current price and availability, what an add or a
// change may do under the limits, and how a guest line merges into a member's cart at login.

export interface Price {
  amount: number;
  currency: string;
}

export interface Limits {
  maxLines: number;
  maxQuantityPerLine: number;
}

export type LineStatus = 'ok' | 'not_on_sale' | 'sold_out' | 'exceeds_available';

/**
 * A line's state now. A SKU catalog no longer knows, or whose product is off sale, cannot be bought whatever the
 * stock; unknown availability (undefined) is not held against the line — checkout's reservation decides then.
 */
export function lineStatus(line: { quantity: number; onSale: boolean; available: number | undefined }): LineStatus {
  if (!line.onSale) return 'not_on_sale';
  if (line.available === undefined) return 'ok';
  if (line.available <= 0) return 'sold_out';
  return line.quantity > line.available ? 'exceeds_available' : 'ok';
}

export function samePrice(a: Price, b: Price): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/** The sum of the given line totals; null for none, or for totals in more than one currency (no exchange rate is guessed). */
export function subtotalOf(totals: readonly Price[]): Price | null {
  const [first] = totals;
  if (!first) return null;
  if (totals.some((t) => t.currency !== first.currency)) return null;
  return { amount: totals.reduce((sum, t) => sum + t.amount, 0), currency: first.currency };
}

export type AddRefusal =
  | { code: 'CART_FULL'; maxLines: number }
  | { code: 'LINE_QUANTITY_LIMIT'; maxQuantityPerLine: number }
  | { code: 'INSUFFICIENT_STOCK'; available: number };

/**
 * Whether a line may hold `quantity` units: within the per-line maximum and, when availability is known, within
 * what is available. A new line must also fit under the lines per cart (`linesNow` counts the cart's lines).
 */
export function refusalOfQuantity(
  change: { quantity: number; isNewLine: boolean; linesNow: number; available: number | undefined },
  limits: Limits,
): AddRefusal | undefined {
  if (change.isNewLine && change.linesNow >= limits.maxLines) return { code: 'CART_FULL', maxLines: limits.maxLines };
  if (change.quantity > limits.maxQuantityPerLine) return { code: 'LINE_QUANTITY_LIMIT', maxQuantityPerLine: limits.maxQuantityPerLine };
  if (change.available !== undefined && change.quantity > change.available)
    return { code: 'INSUFFICIENT_STOCK', available: change.available };
  return undefined;
}

/**
 * A guest line's quantity added to the member's line (absent: 0), capped by the per-line maximum and by what is
 * available when known. The cap never takes away units the member's cart already held, and a line moves with at
 * least one unit even when sold out, so the shopper sees it flagged instead of silently gone.
 */
export function mergedQuantity(
  line: { member: number | undefined; guest: number; available: number | undefined },
  maxQuantityPerLine: number,
): number {
  const member = line.member ?? 0;
  const cap = Math.min(maxQuantityPerLine, line.available ?? Number.POSITIVE_INFINITY);
  return Math.max(Math.min(member + line.guest, cap), Math.min(member, maxQuantityPerLine), 1);
}
