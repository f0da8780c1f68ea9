// Per-instance event listeners: every instance of a service hears every event published after it started
// listening, at most once, with no inbox and no transaction: for caches that follow another service's facts.
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { EventDef, PayloadOf } from '@mall/contracts';
import { contextForService, extractTraceContext, metrics, withSpan, type Logger } from '../observability/index.ts';
import { decodePayload } from './payload.ts';
import type { Broker, Consumption, HeardMessage } from './port.ts';

export interface HearMeta {
  eventId: string;
  headers: Readonly<Record<string, string>>;
}

export interface ListenerSpec<E extends EventDef = EventDef> {
  event: E;
  /** Runs once per event in every listening instance; a failure is logged and the event is not heard again. */
  handle(payload: PayloadOf<E>, meta: HearMeta): Promise<void> | void;
}

/** Keeps a listener's payload type when it sits in a list of listeners. */
export function defineListener<E extends EventDef>(spec: ListenerSpec<E>): ListenerSpec<E> {
  return spec;
}

/** Starts a service's listeners on the broker; stopping the result stops them all. */
export async function startListeners(broker: Broker, service: string, specs: readonly ListenerSpec[], log: Logger): Promise<Consumption> {
  const listening: Consumption[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(listening.splice(0).map((c) => c.stop()));
  };
  try {
    for (const spec of specs) listening.push(await broker.listen(spec.event.subject, (message) => hear(service, spec, message, log)));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { stop: stopAll };
}

type Outcome = 'ok' | 'invalid' | 'failed';

async function hear(service: string, spec: ListenerSpec, message: HeardMessage, log: Logger): Promise<void> {
  const listener = `${service}.listener`;
  // From the root: the publisher's async context (its request, its deadline) must not reach a listener.
  const parent = contextForService(service, extractTraceContext(message.headers, ROOT_CONTEXT));
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': message.subject,
    'messaging.message.id': message.id,
    'mall.listener': listener,
  };
  const outcome = await withSpan(`${message.subject} hear`, { kind: 'consumer', parent, attributes }, async (): Promise<Outcome> => {
    let payload: unknown;
    try {
      payload = decodePayload(spec.event, message.data);
    } catch (err) {
      log.error({ err, listener, subject: message.subject, eventId: message.id }, 'event payload does not match its schema; skipped');
      return 'invalid';
    }
    try {
      await spec.handle(payload as never, { eventId: message.id, headers: message.headers });
      return 'ok';
    } catch (err) {
      log.error({ err, listener, subject: message.subject, eventId: message.id }, 'event listener failed; the event is not heard again');
      return 'failed';
    }
  });
  metrics.busHandled.inc({ subject: message.subject, consumer: listener, outcome });
}
