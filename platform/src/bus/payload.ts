// Checking event payloads against their contract schema, on publish and again on delivery,
// with one compiled validator per event definition.
import type { EventDef } from '@mall/contracts';
import { Compile } from 'typebox/compile';

type Validator = ReturnType<typeof Compile>;
const validators = new WeakMap<EventDef, Validator>();
const decoder = new TextDecoder();

/** The schema problems of `payload` for `event`; empty when it is valid. */
export function payloadProblems(event: EventDef, payload: unknown): string[] {
  let validator = validators.get(event);
  if (!validator) validators.set(event, (validator = Compile(event.payload)));
  if (validator.Check(payload)) return [];
  return validator.Errors(payload).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** The payload of a delivered message, parsed and checked against `event`'s schema; throws when it does not match. */
export function decodePayload(event: EventDef, data: Uint8Array): unknown {
  const payload: unknown = JSON.parse(decoder.decode(data));
  const problems = payloadProblems(event, payload);
  if (problems.length > 0) throw new Error(`payload does not match ${event.subject} v${event.version}: ${problems.join('; ')}`);
  return payload;
}
