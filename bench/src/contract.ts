// The contract of the kernel hop's backend: one trivial idempotent method, so the bench measures
// the kernel's client and server path rather than any business work. Same payload as the raw hop.
import { Type } from 'typebox';
import { defineContract } from '@mall/contracts';

export const EchoInput = Type.Object({ text: Type.String({ maxLength: 256 }) }, { additionalProperties: false });
export const EchoOutput = Type.Object({ text: Type.String(), instance: Type.String() });

export const benchEchoContract = defineContract('benchecho', {
  echo: { input: EchoInput, output: EchoOutput, idempotent: true, summary: 'Returns the text it was given, and which instance answered.' },
});

/** What both fronts send downstream on every request. */
export const echoPayload = { text: 'hello' } as const;
