// The category tree, loaded once per visit: the header menu, the home page's entries and the search facets' names.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap } from '../api/client.ts';
import type { Localized } from '../i18n.ts';

export interface CategoryNode {
  id: string;
  name: Localized;
  children?: CategoryNode[];
}

export const useCategoryStore = defineStore('categories', () => {
  const tree = ref<CategoryNode[]>([]);
  const error = ref<string | null>(null);
  let loading: Promise<void> | null = null;

  const names = computed(() => {
    const map = new Map<string, Localized>();
    const walk = (nodes: CategoryNode[]) => nodes.forEach((n) => (map.set(n.id, n.name), walk(n.children ?? [])));
    walk(tree.value);
    return map;
  });

  function load(): Promise<void> {
    loading ??= unwrap(api.GET('/api/categories')).then(
      (answer) => {
        tree.value = answer.categories;
        error.value = null;
      },
      (failure: Error) => {
        error.value = failure.message;
        loading = null;
      },
    );
    return loading;
  }

  return { tree, names, error, load };
});
