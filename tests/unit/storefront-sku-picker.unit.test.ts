// The storefront's SKU picker rules (apps/storefront/src/sku-picker.ts): pure, so tested here without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chosenSku, initialSelection, valueExists } from '../../apps/storefront/src/sku-picker.ts';

const sku = (id: string, color: string, size: string, available: number | null) => ({
  id,
  attrs: [
    { attributeId: 'color', value: color },
    { attributeId: 'size', value: size },
  ],
  available,
});
const skus = [sku('black-s', 'Black', 'S', 0), sku('black-m', 'Black', 'M', 3), sku('white-m', 'White', 'M', 5)];

test('a SKU is chosen only once every sale attribute has a value', () => {
  assert.equal(chosenSku(skus, ['color', 'size'], { color: 'Black' }), undefined);
  assert.equal(chosenSku(skus, ['color', 'size'], { color: 'Black', size: 'M' })?.id, 'black-m');
});

test('a value is offered only when a SKU carries it with the other choices', () => {
  assert.equal(valueExists(skus, { color: 'White' }, 'size', 'S'), false);
  assert.equal(valueExists(skus, { color: 'White' }, 'size', 'M'), true);
  assert.equal(valueExists(skus, {}, 'color', 'Red'), false);
});

test('the page opens on the first SKU that may be bought, or on the first when stock is unknown', () => {
  assert.deepEqual(initialSelection(skus), { color: 'Black', size: 'M' });
  assert.deepEqual(initialSelection([sku('a', 'Black', 'S', null)]), { color: 'Black', size: 'S' });
  assert.deepEqual(initialSelection([]), {});
});
