// Input validation shared by the HTTP server and the in-process transport, so both refuse the same
// input the same way: no type coercion, no unknown properties, and every bad field named.
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { validationFailed, type FieldError } from '@mall/contracts';
import { JsonText } from './json-text.ts';

export interface InputValidator {
  check(value: unknown): boolean;
  /** Throws VALIDATION_FAILED naming every bad field. */
  assert(value: unknown): void;
}

export function compileValidator(schema: TSchema, what: string): InputValidator {
  const validator = Compile(schema);
  return {
    check: (value) => validator.Check(value),
    assert(value) {
      if (validator.Check(value)) return;
      const fields = validator
        .Errors(value)
        .slice(0, 20)
        .map((e): FieldError => ({ path: e.instancePath || '/', message: e.message }));
      throw validationFailed(what, fields);
    },
  };
}

/** Copies an output the way the wire would: JSON values only, undeclared properties dropped; JsonText is parsed. */
export function compileOutputShaper(schema: TSchema): (value: unknown) => unknown {
  const validator = Compile(schema);
  return (value) => {
    if (value === undefined) return undefined;
    return validator.Clean(JSON.parse(value instanceof JsonText ? value.text : JSON.stringify(value)));
  };
}
