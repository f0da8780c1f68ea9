// Reads a service's settings from environment variables. Names are derived from the schema, never guessed back:
// MALL_<SERVICE>_<SETTING> for the service, MALL_<SETTING> for a setting shared by all services (the service one wins);
// a setting in a group joins the names with a double underscore: db.poolSize -> MALL_ORDER_DB__POOL_SIZE.
import type { TObject, TSchema } from 'typebox';
import { configSettings } from './config-schema.ts';
import type { ConfigLayer } from './layers.ts';

/** 'poolSize' -> 'POOL_SIZE', 'order-timeout' -> 'ORDER_TIMEOUT', 'httpURL' -> 'HTTP_URL'. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** The variable for a setting; `service` undefined gives the shared name. */
export function envVarName(service: string | undefined, path: readonly string[]): string {
  const setting = path.map(upperSnake).join('__');
  return service === undefined ? `MALL_${setting}` : `MALL_${upperSnake(service)}_${setting}`;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function jsonOrText(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    if (err instanceof SyntaxError) return raw;
    throw err;
  }
}

/**
 * Turns an env string into the setting's type. What cannot be parsed stays a string, so that schema
 * validation reports it with the field's name and the variable it came from.
 */
export function parseEnvValue(schema: TSchema, raw: string): unknown {
  const node = schema as unknown as { type?: unknown; anyOf?: { type?: unknown }[] };
  const trimmed = raw.trim();
  if (node.type === 'number' || node.type === 'integer') {
    const parsed = Number(trimmed);
    return trimmed !== '' && Number.isFinite(parsed) ? parsed : raw;
  }
  if (node.type === 'boolean') {
    const word = trimmed.toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : raw;
  }
  if (node.type === 'string') return raw;
  if (node.anyOf?.every((branch) => branch.type === 'string')) return raw;
  return jsonOrText(trimmed);
}

function valueAt(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, name) => ({ [name]: inner }), value) as Record<string, unknown>;
}

/** One layer per variable set, shared ones first, so a validation error can name the exact variable. */
export function envLayers(service: string, schema: TObject, env: Record<string, string | undefined>): ConfigLayer[] {
  const settings = configSettings(schema);
  const layersFor = (owner: string | undefined): ConfigLayer[] =>
    settings.flatMap(({ path, schema: settingSchema }) => {
      const name = envVarName(owner, path);
      const raw = env[name];
      return raw === undefined ? [] : [{ source: `env ${name}`, value: valueAt(path, parseEnvValue(settingSchema, raw)) }];
    });
  return [...layersFor(undefined), ...layersFor(service)];
}
