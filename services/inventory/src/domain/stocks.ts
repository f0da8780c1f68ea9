// The rules of a stock, without I/O: how its name is kept, and when one more may be created.

/** Names are kept trimmed, with runs of white space as one space, so two names that look alike are alike. */
export function normaliseStockName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Whether one more stock fits under the configured limit, given how many exist. */
export function mayCreateStock(existing: number, limit: number): boolean {
  return existing < limit;
}
