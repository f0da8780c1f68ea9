// Which SKU a shopper's choice of sale-attribute values names, and which values can still lead to one.
export interface SkuChoice {
  id: string;
  attrs: { attributeId: string; value: string }[];
  available: number | null;
}

export type Selection = Record<string, string | undefined>;

const matches = (sku: SkuChoice, selection: Selection): boolean =>
  sku.attrs.every((a) => selection[a.attributeId] === undefined || selection[a.attributeId] === a.value);

/** The SKU every attribute's chosen value names, once each attribute has a value. */
export function chosenSku<T extends SkuChoice>(skus: T[], attributeIds: string[], selection: Selection): T | undefined {
  if (attributeIds.some((id) => selection[id] === undefined)) return undefined;
  return skus.find((sku) => matches(sku, selection));
}

/** A value is offered when some SKU carries it together with the other attributes' current choices. */
export function valueExists(skus: SkuChoice[], selection: Selection, attributeId: string, value: string): boolean {
  return skus.some((sku) => matches(sku, { ...selection, [attributeId]: value }));
}

/** The first SKU that may be bought (or the first at all), as a selection: the page opens on something to buy. */
export function initialSelection(skus: SkuChoice[]): Selection {
  const first = skus.find((sku) => sku.available === null || sku.available > 0) ?? skus[0];
  return Object.fromEntries((first?.attrs ?? []).map((a) => [a.attributeId, a.value]));
}
