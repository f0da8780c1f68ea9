// The choices of a lookup field (a brand, a category, a role…), read once per screen visit from its list route.
import { ref, type Ref } from 'vue';
import { call } from './api/client.ts';
import { display } from './schema/fields.ts';
import { lookups, type Row } from './resources.ts';

export interface Choice {
  value: string;
  label: string;
}

const cache = new Map<string, Ref<Choice[]>>();

/** The choices of a field name that has a lookup (reactive, filled when the list answers), or undefined. */
export function choicesFor(name: string, locale: () => 'zh' | 'en'): Ref<Choice[]> | undefined {
  const lookup = lookups[name];
  if (!lookup) return undefined;
  const key = `${lookup.op}?${JSON.stringify(lookup.query ?? {})}`;
  let choices = cache.get(key);
  if (!choices) {
    const loaded = ref<Choice[]>([]);
    choices = loaded;
    cache.set(key, loaded);
    all(lookup.op, lookup.itemsKey, lookup.query ?? {})
      .then((rows) => {
        loaded.value = rows.map((row) => ({ value: String(row[lookup.value]), label: display(row[lookup.label], locale()) }));
      })
      .catch(() => cache.delete(key)); // a refused lookup (no permission) leaves a plain input's worth of nothing
  }
  return choices;
}

/** Every row of a list, page by page (limit/offset) up to MAX_PAGES: a select offers all the categories, not the first 100. */
async function all(op: string, itemsKey: string, query: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call<Record<string, unknown>>(op, { query: query.limit ? { ...query, offset: String(rows.length) } : query });
    const items = (answer[itemsKey] as Row[] | undefined) ?? [];
    rows.push(...items);
    if (!query.limit || items.length === 0 || typeof answer.total !== 'number' || rows.length >= answer.total) break;
  }
  return rows;
}

const MAX_PAGES = 20;

/** Forget the choices (after a create or delete changed a list some field looks up). */
export function forgetLookups(): void {
  cache.clear();
}
