// Derives, from a service's TypeBox schema, what loadConfig needs: a strict copy (unknown keys rejected,
// required nested groups created so their fields' defaults apply) and the list of settings env vars can reach.
import type { TObject, TSchema } from 'typebox';

type SchemaNode = Record<string, unknown> & { properties?: Record<string, SchemaNode>; required?: string[] };

function isObjectNode(node: SchemaNode): boolean {
  return node.type === 'object' && typeof node.properties === 'object' && node.properties !== null;
}

/** A copy with `changes` applied; TypeBox keeps its type markers ('~kind', '~optional') in non-enumerable properties, so a spread would lose them. */
function copyNode(node: SchemaNode, changes: Record<string, unknown>): SchemaNode {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(node)) as SchemaNode;
  return Object.assign(copy, changes);
}

function strictNode(node: SchemaNode): SchemaNode {
  if (!isObjectNode(node)) return node;
  const required = new Set(node.required ?? []);
  const properties: Record<string, SchemaNode> = {};
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const strictChild = strictNode(child);
    // Without a default a required group stays absent, and its fields' defaults would never apply.
    properties[name] =
      required.has(name) && isObjectNode(strictChild) && !('default' in strictChild) ? copyNode(strictChild, { default: {} }) : strictChild;
  }
  return copyNode(node, { properties, additionalProperties: node.additionalProperties ?? false });
}

/** A copy of `schema` where every object without an explicit `additionalProperties` rejects unknown keys. */
export function strictConfigSchema<S extends TObject>(schema: S): S {
  return strictNode(schema as unknown as SchemaNode) as unknown as S;
}

/** One setting reachable from the environment: its path in the config object and its schema. */
export interface ConfigSetting {
  path: string[];
  schema: TSchema;
}

/** Every leaf setting of `schema`; nested groups are walked, anything else (arrays, records, unions) is one leaf. */
export function configSettings(schema: TObject, prefix: string[] = []): ConfigSetting[] {
  return Object.entries(schema.properties).flatMap(([name, child]) => {
    const path = [...prefix, name];
    const node = child as unknown as SchemaNode;
    return isObjectNode(node) ? configSettings(child as TObject, path) : [{ path, schema: child }];
  });
}

/** Top-level setting names, used to keep only the shared ('global') keys this service knows. */
export function settingNames(schema: TObject): Set<string> {
  return new Set(Object.keys(schema.properties));
}
