// The per-key history log both ConfigCenter adapters keep: one record per write or delete, newest first.
// Rollback and history read it the same way, so the two adapters cannot drift apart.
import type { ConfigEntry } from './port.ts';

/** How many records each key keeps unless the adapter is told otherwise. */
export const DEFAULT_HISTORY_LIMIT = 100;

/** A write (`value`) or a deletion (`deleted`) at `revision`. */
export interface LogRecord {
  revision: number;
  value?: unknown;
  deleted?: true;
}

/** The written values among `records` (newest first), as entries, at most `limit` of them. */
export function historyEntries(key: string, records: readonly LogRecord[], limit?: number): ConfigEntry[] {
  const entries = records.filter((record) => !record.deleted).map((record) => ({ key, value: record.value, revision: record.revision }));
  return limit === undefined ? entries : entries.slice(0, Math.max(0, limit));
}

/** The value the key held at `revision`: the newest record written at or before it. */
export function valueAtRevision(key: string, records: readonly LogRecord[], revision: number): unknown {
  const record = records.find((candidate) => candidate.revision <= revision);
  if (!record) {
    throw new Error(`config key "${key}" has no recorded value at revision ${revision} (history may have been trimmed)`);
  }
  if (record.deleted) {
    throw new Error(`config key "${key}" was deleted at revision ${record.revision}, so it had no value at revision ${revision}`);
  }
  return record.value;
}
