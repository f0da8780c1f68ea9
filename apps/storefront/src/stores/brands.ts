// Brand names by id, loaded once per visit, for the search's brand facet (which counts ids).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, unwrap } from '../api/client.ts';
import type { Localized } from '../i18n.ts';

export const useBrandStore = defineStore('brands', () => {
  const names = ref(new Map<string, Localized>());
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= unwrap(api.GET('/api/brands')).then(
      (answer) => void (names.value = new Map(answer.brands.map((b) => [b.id, b.name]))),
      () => void (loading = null), // the facet then shows counts without names; the next search asks again
    );
    return loading;
  }

  return { names, load };
});
