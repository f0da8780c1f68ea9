// Order's pure rules, without I/O: every transition of the state machine (legal and illegal), the price breakdown
// with its shipping rule, and order numbers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOrderNo } from '../../src/domain/order-number.ts';
import { MixedCurrencies, priceBreakdown, shippingFee } from '../../src/domain/pricing.ts';
import { ALL_MOVES, ALL_STATUSES, decideTransition, type OrderMove, type OrderStatus } from '../../src/domain/status.ts';

const legal: Array<[OrderStatus, OrderMove, OrderStatus]> = [
  ['PENDING_PAYMENT', 'pay', 'PAID'],
  ['PENDING_PAYMENT', 'cancel', 'CANCELLED'],
  ['PAID', 'ship', 'SHIPPED'],
  ['SHIPPED', 'deliver', 'DELIVERED'],
  ['DELIVERED', 'complete', 'COMPLETED'],
  ['PAID', 'requestRefund', 'REFUND_REQUESTED'],
  ['REFUND_REQUESTED', 'refund', 'REFUNDED'],
];

describe('the order state machine', () => {
  for (const [from, move, to] of legal) {
    test(`${from} may ${move}, becoming ${to}`, () => {
      assert.deepEqual(decideTransition(from, move), { kind: 'move', from, to });
    });
  }

  test('every other status and move pair is refused, or is a no-op when already there', () => {
    for (const status of ALL_STATUSES) {
      for (const move of ALL_MOVES) {
        if (legal.some(([f, m]) => f === status && m === move)) continue;
        const decision = decideTransition(status, move);
        const target = legal.find(([, m]) => m === move)![2];
        if (status === target) assert.deepEqual(decision, { kind: 'already', status }, `${status} ${move}`);
        else assert.equal(decision.kind, 'refuse', `${status} ${move}`);
      }
    }
  });

  test('a paid order cannot be cancelled, with the cancel code', () => {
    const d = decideTransition('PAID', 'cancel');
    assert.equal(d.kind, 'refuse');
    assert.equal(d.kind === 'refuse' && d.code, 'ORDER_NOT_CANCELLABLE');
  });

  test('shipping an unpaid order is an illegal transition', () => {
    const d = decideTransition('PENDING_PAYMENT', 'ship');
    assert.equal(d.kind === 'refuse' && d.code, 'ILLEGAL_TRANSITION');
  });

  test('a cancelled order is never paid (a late payment is refunded instead)', () => {
    assert.equal(decideTransition('CANCELLED', 'pay').kind, 'refuse');
  });

  test('cancelling twice is a no-op the second time', () => {
    assert.deepEqual(decideTransition('CANCELLED', 'cancel'), { kind: 'already', status: 'CANCELLED' });
  });

  test('a refund cannot be requested after shipping', () => {
    assert.equal(decideTransition('SHIPPED', 'requestRefund').kind, 'refuse');
  });

  test('a refund cannot complete without a request', () => {
    assert.equal(decideTransition('PAID', 'refund').kind, 'refuse');
  });
});

describe('the price breakdown', () => {
  const rule = { flatFee: 1000, freeFrom: 9900 };
  const cny = (amount: number) => ({ amount, currency: 'CNY' });

  test('items below the threshold pay the flat fee', () => {
    assert.deepEqual(priceBreakdown([{ quantity: 2, unitPrice: cny(2500) }], rule), {
      items: cny(5000),
      shipping: cny(1000),
      total: cny(6000),
    });
  });

  test('items at the threshold ship free', () => {
    assert.equal(shippingFee(9900, rule), 0);
    assert.deepEqual(priceBreakdown([{ quantity: 3, unitPrice: cny(3300) }], rule).total, cny(9900));
  });

  test('lines are summed in integer minor units', () => {
    const b = priceBreakdown(
      [
        { quantity: 3, unitPrice: cny(333) },
        { quantity: 1, unitPrice: cny(1) },
      ],
      rule,
    );
    assert.deepEqual(b.items, cny(1000));
    assert.ok(Number.isInteger(b.total.amount));
  });

  test('lines in two currencies are refused', () => {
    assert.throws(
      () =>
        priceBreakdown(
          [
            { quantity: 1, unitPrice: cny(100) },
            { quantity: 1, unitPrice: { amount: 100, currency: 'USD' } },
          ],
          rule,
        ),
      MixedCurrencies,
    );
  });
});

describe('order numbers', () => {
  test('read as the UTC date and an eight-digit sequence', () => {
    assert.equal(formatOrderNo(new Date('2026-12-03T23:59:00Z'), 123), '20261203-00000123');
  });
});
