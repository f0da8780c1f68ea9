// Writing an event to the transactional outbox: the row commits or rolls back with the caller's
// state change, so an event exists exactly when the fact it reports does.
import { randomUUID } from 'node:crypto';
import type { EventDef, PayloadOf } from '@mall/contracts';
import type { Tx } from '../db/index.ts';
import { injectTraceHeaders } from '../observability/index.ts';
import { InvalidEventPayloadError } from './errors.ts';
import { payloadProblems } from './payload.ts';

export interface PublishOptions {
  /** The event id (Nats-Msg-Id and inbox key); default a random UUID. Derive it from an idempotency key to publish once per request. */
  id?: string;
  headers?: Record<string, string>;
}

/** Header carrying the event's schema version, so a consumer can tell versions apart. */
export const VERSION_HEADER = 'Mall-Event-Version';
/** Header naming the service that published the event. */
export const SOURCE_HEADER = 'Mall-Source';

export async function writeOutbox<E extends EventDef>(
  tx: Tx,
  source: string,
  event: E,
  payload: PayloadOf<E>,
  opts: PublishOptions = {},
): Promise<string> {
  const problems = payloadProblems(event, payload);
  if (problems.length > 0) throw new InvalidEventPayloadError(event.subject, problems);
  const id = opts.id ?? randomUUID();
  if (!/^[A-Za-z0-9_:.-]{1,128}$/.test(id)) throw new Error(`event id "${id}" must be 1-128 characters of [A-Za-z0-9_:.-]`);
  const headers = injectTraceHeaders({ ...opts.headers, [VERSION_HEADER]: String(event.version), [SOURCE_HEADER]: source });
  await tx.query('INSERT INTO _outbox (id, subject, version, payload, headers) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
    id,
    event.subject,
    event.version,
    JSON.stringify(payload),
    JSON.stringify(headers),
  ]);
  return id;
}
