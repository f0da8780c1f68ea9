// Handling one delivery for a durable consumer: inbox row and handler effects in one transaction
// (a redelivered event has no second effect), ack after commit, retry with backoff, dead letter at the end.
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { EventDef, PayloadOf } from '@mall/contracts';
import type { ServiceDb, Tx } from '../db/index.ts';
import { contextForService, extractTraceContext, metrics, withSpan, type Logger } from '../observability/index.ts';
import { decodePayload } from './payload.ts';
import type { Delivery } from './port.ts';

export interface HandleMeta {
  eventId: string;
  /** 1 on the first delivery. */
  attempt: number;
  /** The consuming service's transaction: write the handler's effects through it. */
  tx: Tx;
  headers: Readonly<Record<string, string>>;
}

export interface ConsumerSpec<E extends EventDef = EventDef> {
  /** Unique within the service; with the service name it is the durable consumer's name. */
  name: string;
  event: E;
  handle(payload: PayloadOf<E>, meta: HandleMeta): Promise<void>;
  /** Deliveries tried before the event becomes a dead letter. Default 5. */
  maxAttempts?: number;
  /** Delay before redelivery after a failed attempt; default 200 ms doubling per attempt, at most 30 s. */
  backoffMs?: number | ((attempt: number) => number);
  /** Deliveries handled at the same time by one instance. Default 8. */
  concurrency?: number;
  /** A delivery neither acked nor naked within this time (a crashed instance) is delivered again. Default 10 000 ms. */
  ackWaitMs?: number;
}

/** Keeps a consumer's payload type when it sits in a list of consumers. */
export function defineConsumer<E extends EventDef>(spec: ConsumerSpec<E>): ConsumerSpec<E> {
  if (!/^[a-z][a-zA-Z0-9-]*$/.test(spec.name)) throw new Error(`consumer name "${spec.name}" must be letters, digits and dashes`);
  return spec;
}

export interface ConsumerScope {
  service: string;
  db: ServiceDb;
  log: Logger;
}

type Outcome = 'ok' | 'duplicate' | 'retry' | 'dead';
const decoder = new TextDecoder();

export function backoffFor(spec: ConsumerSpec, attempt: number): number {
  const { backoffMs } = spec;
  if (typeof backoffMs === 'function') return backoffMs(attempt);
  if (typeof backoffMs === 'number') return backoffMs;
  return Math.min(30_000, 200 * 2 ** (attempt - 1));
}

export async function handleDelivery(scope: ConsumerScope, spec: ConsumerSpec, delivery: Delivery): Promise<void> {
  const consumer = `${scope.service}.${spec.name}`;
  // From the root: the publisher's async context (its request, its deadline) must not reach a consumer.
  const parent = contextForService(scope.service, extractTraceContext(delivery.headers, ROOT_CONTEXT));
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': delivery.subject,
    'messaging.message.id': delivery.id,
    'mall.consumer': consumer,
  };
  const outcome = await withSpan(`${delivery.subject} process`, { kind: 'consumer', parent, attributes }, () =>
    settle(scope, spec, consumer, delivery),
  );
  if (outcome === 'dead') metrics.busDeadLettered.inc({ subject: delivery.subject, consumer });
  metrics.busHandled.inc({ subject: delivery.subject, consumer, outcome });
}

async function settle(scope: ConsumerScope, spec: ConsumerSpec, consumer: string, delivery: Delivery): Promise<Outcome> {
  let payload: unknown;
  try {
    payload = decodePayload(spec.event, delivery.data);
  } catch (err) {
    // A payload that will never match its schema gains nothing from a retry.
    return deadLetter(scope, consumer, delivery, err);
  }
  try {
    const fresh = await scope.db.transaction((tx) => handleOnce(tx, spec, consumer, delivery, payload));
    delivery.ack();
    return fresh ? 'ok' : 'duplicate';
  } catch (err) {
    const maxAttempts = spec.maxAttempts ?? 5;
    if (delivery.attempt >= maxAttempts) return deadLetter(scope, consumer, delivery, err);
    scope.log.warn({ err, consumer, eventId: delivery.id, attempt: delivery.attempt }, 'event handler failed; will retry');
    delivery.nak(backoffFor(spec, delivery.attempt));
    return 'retry';
  }
}

/** False when the inbox already holds the event: handled before, nothing to do. */
async function handleOnce(tx: Tx, spec: ConsumerSpec, consumer: string, delivery: Delivery, payload: unknown): Promise<boolean> {
  const inserted = await tx.query(
    'INSERT INTO _inbox (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id',
    [consumer, delivery.id, delivery.subject],
  );
  if (inserted.length === 0) return false;
  await spec.handle(payload as never, { eventId: delivery.id, attempt: delivery.attempt, tx, headers: delivery.headers });
  return true;
}

async function deadLetter(scope: ConsumerScope, consumer: string, delivery: Delivery, cause: unknown): Promise<Outcome> {
  const error = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  try {
    await scope.db.query(
      `INSERT INTO _dead_letters (consumer, event_id, subject, payload, headers, attempts, error)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT DO NOTHING`,
      [consumer, delivery.id, delivery.subject, decoder.decode(delivery.data), JSON.stringify(delivery.headers), delivery.attempt, error],
    );
  } catch (err) {
    // Not recorded, so not given up: the event comes back and is dead-lettered on a later try.
    scope.log.error({ err, consumer, eventId: delivery.id }, 'cannot record a dead letter; will retry');
    delivery.nak(5000);
    return 'retry';
  }
  scope.log.error({ err: cause, consumer, eventId: delivery.id, attempts: delivery.attempt }, 'event moved to dead letters');
  delivery.term();
  return 'dead';
}
