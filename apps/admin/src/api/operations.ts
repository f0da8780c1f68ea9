// The back office's operations as the contracts describe them (operations.json, cut from docs/openapi.json by
// scripts/operations.mjs during `npm run openapi`): what the generic screens read their fields from.
import type { JsonSchema } from '../schema/fields.ts';
import operationsJson from './operations.json';

export interface Operation {
  summary: string;
  query: Array<{ name: string; required?: boolean; schema: JsonSchema }>;
  body: JsonSchema | null;
  response: JsonSchema | null;
}

const operations = operationsJson as unknown as Record<string, Operation>;

/** The operation of a route key; a key the contracts do not have is a programming error, caught by the unit tier. */
export function operation(key: string): Operation {
  const found = operations[key];
  if (!found) throw new Error(`no operation ${key} in operations.json (run npm run openapi)`);
  return found;
}

export function hasOperation(key: string): boolean {
  return key in operations;
}
