// Argument checks shared by both kv adapters, so that a bad TTL or increment fails the same way
// everywhere instead of being rounded by one store and rejected by the other.

export function assertTtlMs(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive integer, got ${ttlMs}`);
  }
}

export function assertIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new RangeError(`increment must be an integer, got ${by}`);
  }
}
