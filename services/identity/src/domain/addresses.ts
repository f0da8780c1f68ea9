// Shipping-address rules: a user keeps a bounded address book in which exactly one address is the
// default whenever the book is not empty.

/** Declared in the contract, whose list of addresses it bounds. */
export { MAX_ADDRESSES_PER_USER } from '@mall/contracts/identity';

/** Whether a new address becomes the default: the first one always does, later ones when asked. */
export function newAddressIsDefault(existingCount: number, requested: boolean | undefined): boolean {
  return existingCount === 0 || requested === true;
}

export interface AddressRecency {
  id: string;
  updatedAt: Date;
}

/** The address that inherits the default when the default is deleted: the most recently updated one left. */
export function nextDefault(remaining: readonly AddressRecency[]): string | undefined {
  let best: AddressRecency | undefined;
  for (const a of remaining) if (!best || a.updatedAt.getTime() > best.updatedAt.getTime()) best = a;
  return best?.id;
}
