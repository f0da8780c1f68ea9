// Cart's pure rules: line states, limits of an add, and the login merge's caps.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lineStatus, mergedQuantity, refusalOfQuantity, samePrice, subtotalOf } from '../../src/domain/cart.ts';

const limits = { maxLines: 3, maxQuantityPerLine: 99 };
const yuan = (amount: number) => ({ amount, currency: 'CNY' });

describe('cart line status', () => {
  test('a line off sale is not_on_sale whatever the stock', () => {
    assert.equal(lineStatus({ quantity: 1, onSale: false, available: 10 }), 'not_on_sale');
  });
  test('nothing available is sold_out, fewer than the quantity is exceeds_available', () => {
    assert.equal(lineStatus({ quantity: 1, onSale: true, available: 0 }), 'sold_out');
    assert.equal(lineStatus({ quantity: 3, onSale: true, available: 2 }), 'exceeds_available');
    assert.equal(lineStatus({ quantity: 2, onSale: true, available: 2 }), 'ok');
  });
  test('unknown availability is not held against a line', () => {
    assert.equal(lineStatus({ quantity: 5, onSale: true, available: undefined }), 'ok');
  });
});

describe('cart prices', () => {
  test('a price is the same only in amount and currency both', () => {
    assert.equal(samePrice(yuan(100), yuan(100)), true);
    assert.equal(samePrice(yuan(100), yuan(101)), false);
    assert.equal(samePrice(yuan(100), { amount: 100, currency: 'USD' }), false);
  });
  test('a subtotal sums one currency and is null for none or for mixed currencies', () => {
    assert.deepEqual(subtotalOf([yuan(100), yuan(250)]), yuan(350));
    assert.equal(subtotalOf([]), null);
    assert.equal(subtotalOf([yuan(1), { amount: 1, currency: 'USD' }]), null);
  });
});

describe('cart limits', () => {
  test('a new line past the lines per cart is CART_FULL, an existing line is not', () => {
    assert.equal(refusalOfQuantity({ quantity: 1, isNewLine: true, linesNow: 3, available: undefined }, limits)?.code, 'CART_FULL');
    assert.equal(refusalOfQuantity({ quantity: 1, isNewLine: false, linesNow: 3, available: undefined }, limits), undefined);
  });
  test('a quantity above the per-line maximum is LINE_QUANTITY_LIMIT', () => {
    assert.equal(refusalOfQuantity({ quantity: 100, isNewLine: false, linesNow: 1, available: 500 }, limits)?.code, 'LINE_QUANTITY_LIMIT');
  });
  test('a quantity above what is available is INSUFFICIENT_STOCK only when availability is known', () => {
    assert.deepEqual(refusalOfQuantity({ quantity: 5, isNewLine: false, linesNow: 1, available: 4 }, limits), {
      code: 'INSUFFICIENT_STOCK',
      available: 4,
    });
    assert.equal(refusalOfQuantity({ quantity: 5, isNewLine: false, linesNow: 1, available: undefined }, limits), undefined);
  });
});

describe('guest cart merge', () => {
  test('quantities add', () => {
    assert.equal(mergedQuantity({ member: 2, guest: 3, available: 10 }, 99), 5);
    assert.equal(mergedQuantity({ member: undefined, guest: 3, available: undefined }, 99), 3);
  });
  test('the sum is capped by what is available and by the per-line maximum', () => {
    assert.equal(mergedQuantity({ member: 2, guest: 3, available: 4 }, 99), 4);
    assert.equal(mergedQuantity({ member: 60, guest: 60, available: undefined }, 99), 99);
  });
  test('the cap never takes away what the member cart held, and a sold-out line still moves with one unit', () => {
    assert.equal(mergedQuantity({ member: 5, guest: 3, available: 2 }, 99), 5);
    assert.equal(mergedQuantity({ member: undefined, guest: 3, available: 0 }, 99), 1);
  });
});
