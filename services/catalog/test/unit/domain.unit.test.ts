// Catalog's pure rules, without I/O: the category tree, attributes, SKUs, products and the home page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MallError } from '@mall/contracts';
import { assertKeepsUsedValues, assertSaleAttributesFree, assertValues } from '../../src/domain/attributes.ts';
import { assertDeletable, assertLeaf, assertRoomUnder, levelUnder } from '../../src/domain/categories.ts';
import { assertHomeSection } from '../../src/domain/home.ts';
import { assertSellable, assertSpecs } from '../../src/domain/products.ts';
import { assertDistinctCombinations, assertPositivePrice, checkSkuAttrs, combinationKey } from '../../src/domain/skus.ts';

/** Asserts `run` refuses with `code`, naming the field at `path` when given. */
function refuses(run: () => unknown, code: string, path?: string): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof MallError);
    assert.equal(err.code, code);
    if (path !== undefined) assert.equal((err.details as { fields: Array<{ path: string }> }).fields[0]?.path, path);
    return true;
  });
}

const colour = { id: '00000000-0000-4000-8000-00000000000c', values: ['red', 'blue'] };
const size = { id: '00000000-0000-4000-8000-00000000000s', values: ['S', 'M', 'L'] };

describe('category tree', () => {
  test('a category without a parent is a top category of level 1', () => {
    assert.equal(levelUnder(undefined), 1);
  });
  test('a category under a level-2 one is a leaf of level 3', () => {
    assert.equal(levelUnder({ level: 2 }), 3);
  });
  test('a fourth level is refused with CATEGORY_TOO_DEEP', () => {
    refuses(() => levelUnder({ level: 3 }), 'CATEGORY_TOO_DEEP', '/parentId');
  });
  test('products and attributes hang on level-3 categories only', () => {
    assertLeaf({ level: 3 });
    refuses(() => assertLeaf({ level: 2 }), 'CATEGORY_NOT_LEAF', '/categoryId');
  });
  test('a category with children is not deleted', () => {
    refuses(() => assertDeletable({ children: 1, products: 0 }), 'CATEGORY_HAS_CHILDREN');
  });
  test('a category with products is not deleted', () => {
    refuses(() => assertDeletable({ children: 0, products: 2 }), 'CATEGORY_HAS_PRODUCTS');
  });
  test('a parent holds at most 500 categories: the 501st is CATEGORY_LIMIT_REACHED', () => {
    assertRoomUnder(499);
    refuses(() => assertRoomUnder(500), 'CATEGORY_LIMIT_REACHED', '/parentId');
  });
  test('an empty category may be deleted', () => {
    assertDeletable({ children: 0, products: 0 });
  });
});

describe('attributes', () => {
  test('a sale attribute without allowed values is refused', () => {
    refuses(() => assertValues('sale', []), 'SALE_VALUES_REQUIRED', '/values');
  });
  test('a spec attribute needs no values', () => {
    assertValues('spec', []);
  });
  test('a sale attribute is not added to or removed from a category that has products', () => {
    refuses(() => assertSaleAttributesFree('sale', 3), 'ATTRIBUTE_IN_USE');
    assertSaleAttributesFree('sale', 0);
    assertSaleAttributesFree('spec', 3);
  });
  test('a value a SKU uses cannot be taken from a sale attribute; unused ones can', () => {
    refuses(() => assertKeepsUsedValues('sale', ['red'], new Set(['blue'])), 'ATTRIBUTE_IN_USE', '/values');
    assertKeepsUsedValues('sale', ['blue'], new Set(['blue']));
  });
});

describe('SKUs', () => {
  test('a SKU with one allowed value of each sale attribute is accepted, in any order', () => {
    const a = checkSkuAttrs(
      [
        { attributeId: colour.id, value: 'red' },
        { attributeId: size.id, value: 'M' },
      ],
      [colour, size],
    );
    const b = checkSkuAttrs(
      [
        { attributeId: size.id, value: 'M' },
        { attributeId: colour.id, value: 'red' },
      ],
      [colour, size],
    );
    assert.equal(a, b);
  });
  test('a SKU missing a sale attribute is refused with SKU_ATTRIBUTES_MISMATCH', () => {
    refuses(() => checkSkuAttrs([{ attributeId: colour.id, value: 'red' }], [colour, size]), 'SKU_ATTRIBUTES_MISMATCH', '/attrs');
  });
  test('a SKU naming an attribute that is not a sale attribute of its category is refused', () => {
    refuses(() => checkSkuAttrs([{ attributeId: size.id, value: 'S' }], [colour]), 'SKU_ATTRIBUTES_MISMATCH', '/attrs/0/attributeId');
  });
  test('a SKU naming one sale attribute twice is refused', () => {
    refuses(
      () =>
        checkSkuAttrs(
          [
            { attributeId: colour.id, value: 'red' },
            { attributeId: colour.id, value: 'blue' },
          ],
          [colour],
        ),
      'SKU_ATTRIBUTES_MISMATCH',
      '/attrs/1/attributeId',
    );
  });
  test('a value outside the allowed ones is refused with SKU_VALUE_NOT_ALLOWED', () => {
    refuses(() => checkSkuAttrs([{ attributeId: colour.id, value: 'green' }], [colour]), 'SKU_VALUE_NOT_ALLOWED', '/attrs/0/value');
  });
  test('in a category without sale attributes a SKU has no values', () => {
    assert.equal(checkSkuAttrs([], []), combinationKey([]));
  });
  test('a price of zero is refused; one minor unit is fine', () => {
    refuses(() => assertPositivePrice({ amount: 0 }), 'PRICE_NOT_POSITIVE', '/price/amount');
    assertPositivePrice({ amount: 1 });
  });
  test('two SKUs with the same combination are refused with DUPLICATE_SKU, naming the second', () => {
    const red = combinationKey([{ attributeId: colour.id, value: 'red' }]);
    const blue = combinationKey([{ attributeId: colour.id, value: 'blue' }]);
    assertDistinctCombinations([red, blue]);
    refuses(() => assertDistinctCombinations([red, blue, red]), 'DUPLICATE_SKU', '/skus/2/attrs');
  });
});

describe('products', () => {
  test('a product on sale needs at least one SKU', () => {
    refuses(() => assertSellable('on_sale', 0), 'PRODUCT_WITHOUT_SKUS', '/status');
    assertSellable('on_sale', 1);
  });
  test('a draft or an off-sale product may have no SKU', () => {
    assertSellable('draft', 0);
    assertSellable('off_sale', 0);
  });
  test("spec values name the category's spec attributes, each once", () => {
    const specIds = new Set(['a', 'b']);
    assertSpecs(
      [
        { attributeId: 'a', value: '1' },
        { attributeId: 'b', value: '2' },
      ],
      specIds,
    );
    refuses(() => assertSpecs([{ attributeId: 'c', value: '1' }], specIds), 'SPEC_ATTRIBUTE_MISMATCH', '/specs/0/attributeId');
    refuses(
      () =>
        assertSpecs(
          [
            { attributeId: 'a', value: '1' },
            { attributeId: 'a', value: '2' },
          ],
          specIds,
        ),
      'SPEC_ATTRIBUTE_MISMATCH',
      '/specs/1/attributeId',
    );
  });
});

describe('home page', () => {
  test('a banner needs an image', () => {
    refuses(() => assertHomeSection({ kind: 'banner', image: null, productIds: [] }), 'BANNER_NEEDS_IMAGE', '/image');
    assertHomeSection({ kind: 'banner', image: '/images/sale.svg', productIds: [] });
  });
  test('a featured list needs at least one product', () => {
    refuses(() => assertHomeSection({ kind: 'featured', image: null, productIds: [] }), 'FEATURED_NEEDS_PRODUCTS', '/productIds');
    assertHomeSection({ kind: 'featured', image: null, productIds: ['p'] });
  });
});
