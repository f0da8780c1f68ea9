// Inventory's pure rules, without I/O.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCreateStock, normaliseStockName } from '../../src/domain/stocks.ts';

describe('stock rules', () => {
  test('a name is trimmed and its inner white space kept as single spaces', () => {
    assert.equal(normaliseStockName('  red \t  shoes\n'), 'red shoes');
  });
  test('a name of only white space normalises to nothing', () => {
    assert.equal(normaliseStockName(' \t '), '');
  });
  test('one more stock is allowed below the limit and refused at it', () => {
    assert.equal(mayCreateStock(9, 10), true);
    assert.equal(mayCreateStock(10, 10), false);
  });
});
