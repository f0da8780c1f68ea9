// The ConfigCenter port: a revisioned store of JSON documents with watch, history and rollback.
// The etcd adapter serves the cluster; the embedded adapter serves the all-in-one host with the same semantics.

/** One stored document and the revision that wrote it. */
export interface ConfigEntry {
  key: string;
  value: unknown;
  revision: number;
}

/** A change seen by a watcher; `value` is undefined when the key was deleted. */
export interface ConfigChange {
  key: string;
  value: unknown | undefined;
  revision: number;
}

export interface ConfigCenter {
  get(key: string): Promise<ConfigEntry | undefined>;
  /** Every key starting with `prefix`, sorted by key. */
  list(prefix: string): Promise<ConfigEntry[]>;
  /** Stores `value` (JSON) and resolves to the new revision. */
  put(key: string, value: unknown): Promise<number>;
  delete(key: string): Promise<void>;
  /** Calls `onChange` for every later change under `prefix`, in revision order; resolves to an unsubscribe. */
  watch(prefix: string, onChange: (change: ConfigChange) => void): Promise<() => Promise<void>>;
  /** Values the key has held, newest first (the current value included), deletions left out. */
  history(key: string, limit?: number): Promise<ConfigEntry[]>;
  /** Writes the value the key had at `revision` as a new revision and resolves to that new revision. */
  rollback(key: string, revision: number): Promise<number>;
  close(): Promise<void>;
}

export class ConfigCenterClosedError extends Error {
  constructor() {
    super('config center is closed');
    this.name = 'ConfigCenterClosedError';
  }
}

/** Keys and values are checked the same way by both adapters so they fail alike. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('config key must be a non-empty string');
}

/** JSON text of a value; rejects what JSON cannot carry so both adapters store the same thing. */
export function encodeValue(key: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`config value for "${key}" is not JSON-serializable`);
  return text;
}
