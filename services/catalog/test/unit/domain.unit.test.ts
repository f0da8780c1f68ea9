// Catalog's pure rules, without I/O.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCreateProduct, normaliseProductName } from '../../src/domain/products.ts';

describe('product rules', () => {
  test('a name is trimmed and its inner white space kept as single spaces', () => {
    assert.equal(normaliseProductName('  red \t  shoes\n'), 'red shoes');
  });
  test('a name of only white space normalises to nothing', () => {
    assert.equal(normaliseProductName(' \t '), '');
  });
  test('one more product is allowed below the limit and refused at it', () => {
    assert.equal(mayCreateProduct(9, 10), true);
    assert.equal(mayCreateProduct(10, 10), false);
  });
});
