// Configuration layers and how they stack: later layers override earlier ones, groups merge key by key,
// and every value remembers which layer set it so an error can say where a bad value came from.

/** Part of a service's configuration and where it came from ('file ./mall.json [gateway]', 'env MALL_PORT', ...). */
export interface ConfigLayer {
  source: string;
  value: Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeInto(target: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(overrides)) {
    const current = target[name];
    target[name] = isPlainObject(current) && isPlainObject(value) ? mergeInto({ ...current }, value) : structuredClone(value);
  }
  return target;
}

/** The layers stacked in order: objects merge, anything else (arrays too) replaces. */
export function mergeLayers(layers: readonly ConfigLayer[]): Record<string, unknown> {
  return layers.reduce<Record<string, unknown>>((merged, layer) => mergeInto(merged, layer.value), {});
}

/** Whether the layer sets `path`, or sets one of its enclosing groups to something that is not a group. */
function setsPath(value: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = value;
  for (const name of path) {
    if (!isPlainObject(node)) return true;
    if (!(name in node)) return false;
    node = node[name];
  }
  return true;
}

/** The last layer that sets `path`, i.e. the one whose value won. */
export function sourceOf(layers: readonly ConfigLayer[], path: readonly string[]): string | undefined {
  return layers.findLast((layer) => setsPath(layer.value, path))?.source;
}

/** Only the keys in `names`: shared layers carry settings of every service, and each takes what it knows. */
export function pickKnown(value: Record<string, unknown>, names: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => names.has(name)));
}
