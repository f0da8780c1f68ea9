// The broker port: what the bus needs from a message broker, whichever adapter (JetStream or
// in-process) is behind it. Both adapters pass the same conformance suite (platform/test/bus).

/** An event on its way to the broker; `id` de-duplicates (JetStream's Nats-Msg-Id). */
export interface OutgoingMessage {
  id: string;
  subject: string;
  data: Uint8Array;
  headers: Record<string, string>;
}

/** One delivery of a message to a durable consumer. Exactly one of ack/nak/term settles it. */
export interface Delivery {
  readonly id: string;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Record<string, string>;
  /** 1 on the first delivery, 2 on the first redelivery, and so on. */
  readonly attempt: number;
  /** Done: the message is never delivered to this consumer again. */
  ack(): void;
  /** Not done: deliver it again after `delayMs`. */
  nak(delayMs: number): void;
  /** Give up: never deliver it again (the caller has recorded it as a dead letter). */
  term(): void;
}

export interface ConsumeSpec {
  /** Durable name: deliveries are shared by every process consuming with the same name and subject. */
  durable: string;
  subject: string;
  /** Deliveries handled at the same time by this process. Default 8. */
  concurrency?: number;
  /** A delivery not settled within this time is delivered again. Default 10 000 ms. */
  ackWaitMs?: number;
}

export interface Consumption {
  /** Stops taking new deliveries and waits for the ones being handled. */
  stop(): Promise<void>;
}

/** A message as a listener hears it: no settling, never delivered to that listener again. */
export interface HeardMessage {
  readonly id: string;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Record<string, string>;
}

export interface Broker {
  readonly kind: 'embedded' | 'jetstream';
  /** Resolves once the broker has stored the message (or already had its id). */
  publish(message: OutgoingMessage): Promise<void>;
  /** Delivers every message of `subject` (including those stored before) at least once until acked. */
  consume(spec: ConsumeSpec, handle: (delivery: Delivery) => Promise<void>): Promise<Consumption>;
  /**
   * Per-process broadcast, for cache invalidation: every listener hears every message of `subject`
   * published after `listen` resolved, at most once, one at a time, in publish order. No durable state,
   * no acknowledgement, nothing stored before; a failed `hear` is not retried.
   */
  listen(subject: string, hear: (message: HeardMessage) => Promise<void>): Promise<Consumption>;
  /** Resolves when the broker answers; for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The stream that stores a subject: one per owning service, named after the subject's first token, holding
 * `<owner>.>`. A broadcast's owner is its second token (`broadcast.<owner>.…` in `<PREFIX>_BROADCAST_<OWNER>`), so
 * that streams of different prefixes on one server never claim the same subjects.
 */
export function streamOf(subject: string, prefix: string): string {
  const { owner, broadcast } = ownerOf(subject);
  return `${prefix}_${broadcast ? 'BROADCAST_' : ''}${owner.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;
}

/** The subjects of the stream that stores `subject`. */
export function streamSubjects(subject: string): string {
  const { owner, broadcast } = ownerOf(subject);
  return `${broadcast ? BROADCAST_PREFIX : ''}${owner}.>`;
}

function ownerOf(subject: string): { owner: string; broadcast: boolean } {
  const broadcast = isBroadcast(subject);
  const owner = subject.split('.')[broadcast ? 1 : 0];
  if (!owner) throw new Error(`subject "${subject}" has no owning service token`);
  return { owner, broadcast };
}

/**
 * Subjects under `broadcast.` carry per-instance notices (a cache's invalidations) to listeners only: no durable
 * consumer may read them, so the broker keeps them briefly — JetStream for BROADCAST_MAX_AGE_MS, the embedded
 * broker not at all — instead of for ever like events.
 */
export const BROADCAST_PREFIX = 'broadcast.';
export const BROADCAST_MAX_AGE_MS = 60_000;

export function isBroadcast(subject: string): boolean {
  return subject.startsWith(BROADCAST_PREFIX);
}

export function assertNotBroadcast(subject: string): void {
  if (isBroadcast(subject)) throw new Error(`subject "${subject}" is a broadcast: listen to it, durable consumers cannot read it`);
}
