// The category tree's rules: at most three levels, products and attributes on the leaves only, and a
// category leaves the tree only once nothing hangs under it.
import { fieldRefused } from '@mall/contracts';
import { MAX_CATEGORY_DEPTH, MAX_TREE_CHILDREN } from '@mall/contracts/catalog';

/** The level of a new category under `parent` (1 at the top); a fourth level is CATEGORY_TOO_DEEP. */
export function levelUnder(parent: { level: number } | undefined): number {
  const level = parent ? parent.level + 1 : 1;
  if (level > MAX_CATEGORY_DEPTH)
    throw fieldRefused('CATEGORY_TOO_DEEP', { path: '/parentId', message: `the tree is at most ${MAX_CATEGORY_DEPTH} levels deep` });
  return level;
}

/** Products, groups and attributes belong to leaves: a category of the last level. */
export function assertLeaf(category: { level: number }, path = '/categoryId'): void {
  if (category.level !== MAX_CATEGORY_DEPTH)
    throw fieldRefused('CATEGORY_NOT_LEAF', { path, message: `must be a level-${MAX_CATEGORY_DEPTH} category` });
}

/** A category with children or products stays: deleting it would orphan them. */
export function assertDeletable(holds: { children: number; products: number }): void {
  if (holds.children > 0) throw fieldRefused('CATEGORY_HAS_CHILDREN', { path: '/id', message: `it still has ${holds.children} children` });
  if (holds.products > 0) throw fieldRefused('CATEGORY_HAS_PRODUCTS', { path: '/id', message: `it still has ${holds.products} products` });
}

/** A parent (or the top level) holds at most MAX_TREE_CHILDREN categories, so the storefront's tree stays bounded. */
export function assertRoomUnder(siblings: number): void {
  if (siblings >= MAX_TREE_CHILDREN)
    throw fieldRefused('CATEGORY_LIMIT_REACHED', { path: '/parentId', message: `a level holds at most ${MAX_TREE_CHILDREN} categories` });
}
