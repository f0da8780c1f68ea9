// The back office's forms, columns and filters, derived from the contracts' JSON schemas (as the OpenAPI document
// carries them): one generic description of a field, read by SchemaForm, ResourcePage and the validator below.
// Pure functions, no Vue: tests/unit/admin-schema-fields.unit.test.ts runs them in Node.

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: string | number | boolean;
  enum?: Array<string | number>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  description?: string;
  default?: unknown;
}

export type FieldKind =
  'text' | 'textarea' | 'integer' | 'number' | 'boolean' | 'choice' | 'tags' | 'images' | 'datetime' | 'object' | 'list';

export interface Field {
  name: string;
  /** Dotted path from the form's root (`skus.0.price.amount`); list items are addressed by index. */
  kind: FieldKind;
  required: boolean;
  /** `anyOf [X, null]`: an empty input sends null. */
  nullable: boolean;
  schema: JsonSchema;
  /** The choices of an enumeration (`anyOf` of consts). */
  choices: Array<string | number | boolean>;
  /** An object's fields, or a list item's (kind `object` / `list` of objects). */
  fields: Field[];
  /** A list of scalars (kind `tags` / `images`): the item schema. */
  item?: JsonSchema;
}

/** The picture URL pattern of the catalog (`^(https?://|/)\S+$`): such a list is edited by uploading. */
const IMAGE_URL = /https\?:\/\/\|\//;

/** Unwraps `anyOf [X, null]` to X (nullable); enumerations of consts stay as they are. */
export function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = schema.anyOf;
  if (!options) return { schema, nullable: schema.type === 'null' };
  const other = options.filter((s) => s.type !== 'null');
  if (other.length === options.length) return { schema, nullable: false };
  return { schema: other.length === 1 ? other[0]! : { anyOf: other }, nullable: true };
}

export function choicesOf(schema: JsonSchema): Array<string | number | boolean> {
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  if (schema.anyOf && schema.anyOf.every((s) => s.const !== undefined)) return schema.anyOf.map((s) => s.const!);
  return [];
}

export function fieldOf(name: string, raw: JsonSchema, required: boolean): Field {
  const { schema, nullable } = unwrapNullable(raw);
  const choices = choicesOf(schema);
  const base = { name, required, nullable, schema, choices, fields: [] as Field[] };
  if (choices.length > 0) return { ...base, kind: 'choice' };
  switch (schema.type) {
    case 'object':
      return { ...base, kind: 'object', fields: fieldsOf(schema) };
    case 'array': {
      const item = unwrapNullable(schema.items ?? {}).schema;
      if (item.type === 'object') return { ...base, kind: 'list', fields: fieldsOf(item), item };
      if (item.type === 'string' && item.pattern && IMAGE_URL.test(item.pattern)) return { ...base, kind: 'images', item };
      return { ...base, kind: 'tags', item, choices: choicesOf(item) };
    }
    case 'integer':
      return { ...base, kind: 'integer' };
    case 'number':
      return { ...base, kind: 'number' };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      if (schema.format === 'date-time') return { ...base, kind: 'datetime' };
      return { ...base, kind: (schema.maxLength ?? 0) > 300 ? 'textarea' : 'text' };
  }
}

/** The fields of an object schema, in the schema's order. */
export function fieldsOf(schema: JsonSchema | undefined): Field[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, s]) => fieldOf(name, s, required.has(name)));
}

/** An empty value of a field, for a new form or a new list item: required objects filled, the rest left out. */
export function emptyValue(field: Field): unknown {
  switch (field.kind) {
    case 'object':
      return Object.fromEntries(field.fields.map((f) => [f.name, emptyValue(f)]));
    case 'list':
    case 'tags':
    case 'images':
      return [];
    case 'boolean':
      return typeof field.schema.default === 'boolean' ? field.schema.default : false;
    case 'integer':
    case 'number':
      return field.nullable ? null : (field.schema.minimum ?? 0);
    case 'choice':
      return field.required ? field.choices[0] : undefined;
    default:
      return field.nullable ? null : '';
  }
}

/** A form's starting value: the row being edited where it has the field, else the field's empty value. */
export function initialValue(fields: Field[], row?: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, row && row[f.name] !== undefined ? copy(row[f.name]) : emptyValue(f)]));
}

/** A deep copy of JSON data (a row may be a reactive proxy, which structuredClone refuses). */
function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * What the form sends: optional fields left empty are dropped (the API's defaults apply), nullable ones empty
 * become null, so a PATCH changes only what was given.
 */
export function bodyOf(fields: Field[], value: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const v = value[field.name];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && !field.required);
    if (empty) {
      if (v === '' && field.nullable) body[field.name] = null;
      else if (field.required && v !== undefined) body[field.name] = v;
      continue;
    }
    if (field.kind === 'object' && v && typeof v === 'object') body[field.name] = bodyOf(field.fields, v as Record<string, unknown>);
    else if (field.kind === 'list' && Array.isArray(v))
      body[field.name] = v.map((item) => bodyOf(field.fields, item as Record<string, unknown>));
    else body[field.name] = v;
  }
  return body;
}

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The schema's own rules, checked before sending: field path → message. The API checks the same rules again. */
export function validate(fields: Field[], value: Record<string, unknown>, t: Translate, prefix = ''): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const path = prefix + field.name;
    const v = value[field.name];
    const s = field.schema;
    if (v === undefined || v === null || v === '') {
      if (field.required && !(v === null && field.nullable) && !(v === '' && (s.minLength ?? 0) === 0 && s.type === 'string'))
        errors[path] = t('form.required');
      continue;
    }
    if (field.kind === 'object' && typeof v === 'object')
      Object.assign(errors, validate(field.fields, v as Record<string, unknown>, t, `${path}.`));
    else if (field.kind === 'list' && Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) errors[path] = t('form.minItems', { n: s.minItems });
      if (s.maxItems !== undefined && v.length > s.maxItems) errors[path] = t('form.maxItems', { n: s.maxItems });
      v.forEach((item, i) => Object.assign(errors, validate(field.fields, item as Record<string, unknown>, t, `${path}.${i}.`)));
    } else if (typeof v === 'string') {
      if (s.minLength !== undefined && v.length < s.minLength) errors[path] = t('form.minLength', { n: s.minLength });
      else if (s.maxLength !== undefined && v.length > s.maxLength) errors[path] = t('form.maxLength', { n: s.maxLength });
      else if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) errors[path] = t('form.pattern');
    } else if (typeof v === 'number') {
      if (field.kind === 'integer' && !Number.isInteger(v)) errors[path] = t('form.integer');
      else if (s.minimum !== undefined && v < s.minimum) errors[path] = t('form.minimum', { n: s.minimum });
      else if (s.maximum !== undefined && v > s.maximum) errors[path] = t('form.maximum', { n: s.maximum });
    } else if (Array.isArray(v) && s.maxItems !== undefined && v.length > s.maxItems) errors[path] = t('form.maxItems', { n: s.maxItems });
  }
  return errors;
}

/** The API's field errors (`details.fields`, paths like `/body/skus/0/price/amount`) as form paths. */
export function apiFieldErrors(fields: ReadonlyArray<{ path: string; message: string }>): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => [
      f.path
        .replace(/^\/(body|query)\//, '')
        .split('/')
        .join('.'),
      f.message,
    ]),
  );
}

/** A list's columns: the scalar and small-object fields of its items, in the schema's order (or the ones named). */
export function columnsOf(item: JsonSchema | undefined, only?: readonly string[]): Field[] {
  const all = fieldsOf(item);
  if (only) return only.map((name) => all.find((f) => f.name === name)).filter((f): f is Field => f !== undefined);
  // Small objects (a `{ zh, en }` text, money, a ban's reason and end) fit a cell; larger ones are the detail's.
  return all.filter((f) => f.kind !== 'list' && (f.kind !== 'object' || f.fields.length <= 3) && f.kind !== 'textarea');
}

/** A `{ zh, en }` text. */
export function isLocalized(field: Field): boolean {
  return field.kind === 'object' && field.fields.length === 2 && field.fields.every((f) => f.name === 'zh' || f.name === 'en');
}

/** How a cell shows a value: localized texts in the current language, money in its unit, lists joined. */
export function display(value: unknown, locale: 'zh' | 'en'): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => display(v, locale)).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.zh === 'string' && typeof o.en === 'string') return locale === 'zh' ? o.zh : o.en;
    if (typeof o.amount === 'number' && typeof o.currency === 'string')
      return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en', { style: 'currency', currency: o.currency }).format(o.amount / 100);
    return Object.values(o)
      .filter((v) => v !== null && v !== undefined)
      .map((v) => display(v, locale))
      .join(' · ');
  }
  return String(value);
}

/** The query filters of a list: its query parameters but the paging ones. */
export function filtersOf(parameters: ReadonlyArray<{ name: string; required?: boolean; schema: JsonSchema }>): Field[] {
  return parameters
    .filter((p) => !['limit', 'offset', 'page', 'pageSize'].includes(p.name))
    .map((p) => fieldOf(p.name, p.schema, p.required === true));
}
