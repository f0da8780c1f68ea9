// The rules of a cart, without I/O: how its name is kept, and when one more may be created.

/** Names are kept trimmed, with runs of white space as one space, so two names that look alike are alike. */
export function normaliseCartName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Whether one more cart fits under the configured limit, given how many exist. */
export function mayCreateCart(existing: number, limit: number): boolean {
  return existing < limit;
}
