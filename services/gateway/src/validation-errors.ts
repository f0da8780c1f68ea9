// Turns Fastify's schema validation errors into one VALIDATION_FAILED that names every bad field by
// its path (`/body/email`), once, including missing and unknown properties, which ajv reports on the parent.
import type { FastifySchemaValidationError } from 'fastify';
import { validationFailed, type FieldError, type MallError } from '@mall/contracts';

const MAX_FIELDS = 20;

export function validationError(errors: FastifySchemaValidationError[], where: string): MallError {
  // One entry per field: a value can break several rules (length and pattern), the client fixes one field.
  const messages = new Map<string, string[]>();
  for (const e of errors) {
    const { path, message } = fieldOf(e, where);
    const list = messages.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    if (messages.size < MAX_FIELDS || messages.has(path)) messages.set(path, list);
  }
  const fields: FieldError[] = [...messages].map(([path, list]) => ({ path, message: list.join(', ') }));
  return validationFailed(where, fields);
}

function fieldOf(e: FastifySchemaValidationError, where: string): FieldError {
  const base = `/${where}${e.instancePath}`;
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (e.keyword === 'required' && params.missingProperty) return { path: `${base}/${params.missingProperty}`, message: 'is required' };
  if (e.keyword === 'additionalProperties' && params.additionalProperty)
    return { path: `${base}/${params.additionalProperty}`, message: 'is not a known property' };
  return { path: base, message: e.message ?? e.keyword };
}
