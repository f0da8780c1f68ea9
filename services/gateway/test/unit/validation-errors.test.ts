// Schema validation failures of the edge routes become one VALIDATION_FAILED naming each bad field once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifySchemaValidationError } from 'fastify';
import { validationError } from '../../src/validation-errors.ts';

const ajvError = (
  keyword: string,
  instancePath: string,
  params: Record<string, unknown>,
  message: string,
): FastifySchemaValidationError => ({ keyword, instancePath, schemaPath: `#/${keyword}`, params, message });

test('missing and unknown properties are named by their own path, not their parent', () => {
  const e = validationError(
    [
      ajvError('required', '', { missingProperty: 'email' }, "must have required property 'email'"),
      ajvError('additionalProperties', '', { additionalProperty: 'role' }, 'must NOT have additional properties'),
    ],
    'body',
  );
  assert.deepEqual([e.code, e.status], ['VALIDATION_FAILED', 400]);
  assert.deepEqual(e.details, {
    fields: [
      { path: '/body/email', message: 'is required' },
      { path: '/body/role', message: 'is not a known property' },
    ],
  });
  assert.match(e.message, /\/body\/email is required; \/body\/role is not a known property/);
});

test('several broken rules of one field make one entry with every message', () => {
  const e = validationError(
    [
      ajvError('maxLength', '/country', { limit: 2 }, 'must NOT have more than 2 characters'),
      ajvError('pattern', '/country', { pattern: '^[A-Z]{2}$' }, 'must match pattern "^[A-Z]{2}$"'),
    ],
    'body',
  );
  assert.deepEqual(e.details, {
    fields: [{ path: '/body/country', message: 'must NOT have more than 2 characters, must match pattern "^[A-Z]{2}$"' }],
  });
});

test('path parameters are named under /params', () => {
  const e = validationError([ajvError('pattern', '/id', {}, 'must match pattern')], 'params');
  assert.deepEqual(
    (e.details as { fields: { path: string }[] }).fields.map((f) => f.path),
    ['/params/id'],
  );
});
