// Cart's pure rules, without I/O.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCreateCart, normaliseCartName } from '../../src/domain/carts.ts';

describe('cart rules', () => {
  test('a name is trimmed and its inner white space kept as single spaces', () => {
    assert.equal(normaliseCartName('  red \t  shoes\n'), 'red shoes');
  });
  test('a name of only white space normalises to nothing', () => {
    assert.equal(normaliseCartName(' \t '), '');
  });
  test('one more cart is allowed below the limit and refused at it', () => {
    assert.equal(mayCreateCart(9, 10), true);
    assert.equal(mayCreateCart(10, 10), false);
  });
});
