// The locks port: mutual exclusion with fencing tokens, and leader election, across processes.
// Adapters: over the Kv port (Redis in the cluster, in-process in all-in-one) and over etcd leases.

export interface AcquireOptions {
  /** The lock lapses after this many milliseconds unless extended (a positive integer). */
  ttlMs: number;
  /** How long to keep trying while another owner holds the lock; 0 (the default) tries once. */
  waitMs?: number;
}

export interface CampaignOptions {
  /** How long leadership outlives a leader that stops renewing (crash, lost connection). Default 10 s. */
  ttlMs?: number;
  /** Called when this candidate becomes the leader. Must not throw. */
  onElected: () => void;
  /** Called when this candidate stops being the leader: resigned, closed, or renewal failed or came too late. Must not throw. */
  onDemoted: () => void;
  /** Called when an attempt to lead or to renew fails; the campaign keeps going. Default: a process warning. */
  onError?: (err: unknown) => void;
}

export interface Lock {
  readonly name: string;
  /** Fencing token: strictly greater than every token handed out earlier for the same name. */
  readonly token: number;
  /** Sets the remaining time to ttlMs; false when the lock was lost (lapsed, or taken by another owner since). */
  extend(ttlMs: number): Promise<boolean>;
  /** Frees the lock if this owner still holds it; never frees another owner's lock. Idempotent. */
  release(): Promise<void>;
}

export interface Campaign {
  isLeader(): boolean;
  /** Leaves the election: onDemoted runs first if leading, then the leadership is handed over at once. */
  resign(): Promise<void>;
}

export interface Locks {
  /** Null when the lock is still held by another owner after waitMs. Locks are not re-entrant. */
  acquire(name: string, opts: AcquireOptions): Promise<Lock | null>;
  /** Resolves after the first attempt to lead; keeps campaigning until resign() or close(). */
  campaign(name: string, opts: CampaignOptions): Promise<Campaign>;
  /**
   * Stops renewing and disconnects without talking to the store, so shutdown never hangs on it: held locks
   * and leaderships lapse after their ttl, as if the process had died. Resign first for an instant hand-over.
   */
  close(): Promise<void>;
}
