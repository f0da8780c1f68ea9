// Checks and defaults for lock and campaign options, shared by every Locks adapter
// so that a bad ttl is refused the same way whatever the store.
import type { AcquireOptions, CampaignOptions } from './port.ts';

export const DEFAULT_CAMPAIGN_TTL_MS = 10_000;

export function checkAcquire(opts: AcquireOptions): { ttlMs: number; waitMs: number } {
  assertTtlMs(opts.ttlMs);
  const waitMs = opts.waitMs ?? 0;
  if (!Number.isFinite(waitMs) || waitMs < 0) throw new RangeError(`waitMs must be a non-negative number, got ${waitMs}`);
  return { ttlMs: opts.ttlMs, waitMs };
}

export function campaignTtlMs(opts: CampaignOptions): number {
  const ttlMs = opts.ttlMs ?? DEFAULT_CAMPAIGN_TTL_MS;
  assertTtlMs(ttlMs);
  return ttlMs;
}

export function assertTtlMs(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive integer, got ${ttlMs}`);
}

/** Errors of a background campaign have no caller to reject; without a handler they become process warnings. */
export function campaignErrorHandler(opts: CampaignOptions): (err: unknown) => void {
  return opts.onError ?? ((err) => process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'LeaderElectionWarning'));
}
