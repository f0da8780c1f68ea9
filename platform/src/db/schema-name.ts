// Service schema names: validated once, then quoted wherever they are spliced into SQL text
// (search_path, CREATE SCHEMA), since identifiers cannot be bound as parameters.
const identifier = /^[a-z_][a-z0-9_]*$/;

export function assertSchemaName(schema: string): void {
  if (!identifier.test(schema) || schema.length > 63 || schema.startsWith('pg_')) {
    throw new TypeError(`invalid schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]*, at most 63 characters, not pg_*`);
  }
}

/** Quoted because valid names may still be SQL keywords ("order", "user"). */
export function quoteSchema(schema: string): string {
  assertSchemaName(schema);
  return `"${schema}"`;
}

/** The search_path of a service: its own schema, then public (where extensions live). */
export function searchPathOf(schema: string): string {
  return `${quoteSchema(schema)},public`;
}
