// The card processor's pure rules: what is a card (Luhn, expiry, CVV), what the test cards do, and the retry backoff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { behaviourOf, checkCard, passesLuhn } from '../../src/domain/cards.ts';
import { retryDelayMs, shouldAbandon } from '../../src/domain/delivery.ts';

const now = new Date('2026-12-03T12:00:00Z');
const card = { cardNumber: '4242424242424242', expiry: '12/30', cvv: '123' };

describe('card checks', () => {
  test('the Luhn checksum accepts the test cards and refuses a changed digit', () => {
    for (const n of [
      '4242424242424242',
      '4000000000000002',
      '4000000000009995',
      '4000000000000259',
      '5555555555554444',
      '378282246310005',
    ]) {
      assert.equal(passesLuhn(n), true, n);
    }
    assert.equal(passesLuhn('4242424242424241'), false);
  });
  test('a number typed with spaces or dashes is the same card', () => {
    assert.deepEqual(checkCard({ ...card, cardNumber: '4242-4242 4242 4242' }, now), {
      card: { number: '4242424242424242', last4: '4242' },
    });
  });
  test('a number that fails Luhn, is too short or has letters is CARD_NUMBER_INVALID', () => {
    for (const cardNumber of ['4242424242424241', '42424242', '4242a24242424242', '']) {
      assert.deepEqual(checkCard({ ...card, cardNumber }, now), { problem: 'CARD_NUMBER_INVALID' });
    }
  });
  test('an expiry not MM/YY, or month 0 or 13, is EXPIRY_INVALID', () => {
    for (const expiry of ['1230', '12/2030', '00/30', '13/30', ''])
      assert.deepEqual(checkCard({ ...card, expiry }, now), { problem: 'EXPIRY_INVALID' });
  });
  test('a card is valid through the last day of its expiry month', () => {
    assert.ok('card' in checkCard({ ...card, expiry: '12/26' }, now));
    assert.deepEqual(checkCard({ ...card, expiry: '11/26' }, now), { problem: 'CARD_EXPIRED' });
    assert.deepEqual(checkCard({ ...card, expiry: '12/26' }, new Date('2027-01-01T00:00:00Z')), { problem: 'CARD_EXPIRED' });
  });
  test('the CVV is 3 digits, 4 on American Express', () => {
    for (const cvv of ['12', '1234', '12a']) assert.deepEqual(checkCard({ ...card, cvv }, now), { problem: 'CVV_INVALID' });
    assert.ok('card' in checkCard({ ...card, cardNumber: '378282246310005', cvv: '1234' }, now));
    assert.deepEqual(checkCard({ ...card, cardNumber: '378282246310005', cvv: '123' }, now), { problem: 'CVV_INVALID' });
  });
});

describe('test cards', () => {
  test('the documented cards succeed, decline or stay silent; any other valid card succeeds', () => {
    assert.deepEqual(behaviourOf({ number: '4242424242424242', last4: '4242' }), { kind: 'succeed' });
    assert.deepEqual(behaviourOf({ number: '4000000000000002', last4: '0002' }), { kind: 'decline', reason: 'card declined' });
    assert.deepEqual(behaviourOf({ number: '4000000000009995', last4: '9995' }), { kind: 'decline', reason: 'insufficient funds' });
    assert.deepEqual(behaviourOf({ number: '4000000000000259', last4: '0259' }), { kind: 'silent' });
    assert.deepEqual(behaviourOf({ number: '378282246310005', last4: '0005' }), { kind: 'succeed' });
  });
});

describe('notification retries', () => {
  const backoff = { baseMs: 1000, capMs: 60_000 };
  test('each retry waits twice as long as the one before, up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(n, backoff, 0.999999)),
      [1000, 2000, 4000, 8000],
    );
    assert.equal(retryDelayMs(20, backoff, 0.999999), 60_000);
    assert.equal(retryDelayMs(1000, backoff, 0.999999), 60_000);
  });
  test('jitter spreads a wait over 75 to 100 %', () => {
    assert.equal(retryDelayMs(3, backoff, 0), 3000);
  });
  test('a notification is abandoned after the configured attempts', () => {
    assert.equal(shouldAbandon(24, 25), false);
    assert.equal(shouldAbandon(25, 25), true);
  });
});
