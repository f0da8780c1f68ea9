// Payment's pure rules, without I/O: the intent's state machine and the notification signature.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideCancel, decideChargeOutcome, decideRefund, sameIntent } from '../../src/domain/intents.ts';
import { notificationSignature, verifyNotification } from '../../src/domain/signature.ts';

describe('intent state machine', () => {
  test('a pending intent is cancelled; a paid one refuses; a settled one stays as it is', () => {
    assert.equal(decideCancel('pending'), 'cancel');
    assert.equal(decideCancel('succeeded'), 'refuse');
    for (const status of ['cancelled', 'failed', 'refunded'] as const) assert.equal(decideCancel(status), 'unchanged');
  });
  test('the first outcome of a pending intent settles it', () => {
    assert.equal(decideChargeOutcome('pending', 'succeeded'), 'succeed');
    assert.equal(decideChargeOutcome('pending', 'declined'), 'fail');
  });
  test('a charge for a cancelled intent is refunded', () => {
    assert.equal(decideChargeOutcome('cancelled', 'succeeded'), 'refund-late-charge');
    assert.equal(decideChargeOutcome('cancelled', 'declined'), 'ignore');
  });
  test('a repeated outcome of a settled intent has no effect', () => {
    for (const status of ['succeeded', 'refunded'] as const) {
      assert.equal(decideChargeOutcome(status, 'succeeded'), 'ignore');
      assert.equal(decideChargeOutcome(status, 'declined'), 'ignore');
    }
  });
  test('only a succeeded intent is refunded, and only once', () => {
    assert.equal(decideRefund('succeeded', false), 'refund');
    assert.equal(decideRefund('succeeded', true), 'existing');
    assert.equal(decideRefund('refunded', true), 'existing');
    for (const status of ['pending', 'failed', 'cancelled'] as const) assert.equal(decideRefund(status, false), 'refuse');
  });
  test('the same order asking with another buyer or amount is another payment', () => {
    const intent = { buyerId: 'b', amount: 100, currency: 'EUR' };
    assert.equal(sameIntent(intent, { ...intent }), true);
    assert.equal(sameIntent(intent, { ...intent, amount: 101 }), false);
    assert.equal(sameIntent(intent, { ...intent, currency: 'CNY' }), false);
    assert.equal(sameIntent(intent, { ...intent, buyerId: 'c' }), false);
  });
});

describe('notification signature', () => {
  const secret = 'a-secret-of-sixteen+';
  const now = new Date('2026-12-03T12:00:00Z');
  const at = now.getTime() / 1000;
  const body = '{"a":1}';
  test('a body signed with the secret at a recent time is valid', () => {
    assert.equal(
      verifyNotification({ timestamp: at - 10, signature: notificationSignature(secret, at - 10, body), body }, secret, now, 300),
      'valid',
    );
  });
  test('another secret, another body or another timestamp is a forgery', () => {
    const signature = notificationSignature(secret, at, body);
    assert.equal(
      verifyNotification({ timestamp: at, signature: notificationSignature('another-secret-16+', at, body), body }, secret, now, 300),
      'forged',
    );
    assert.equal(verifyNotification({ timestamp: at, signature, body: '{"a":2}' }, secret, now, 300), 'forged');
    assert.equal(verifyNotification({ timestamp: at + 1, signature, body }, secret, now, 300), 'forged');
  });
  test('a genuine signature outside the tolerance is stale, either way', () => {
    for (const t of [at - 301, at + 301]) {
      assert.equal(
        verifyNotification({ timestamp: t, signature: notificationSignature(secret, t, body), body }, secret, now, 300),
        'stale',
      );
    }
  });
});
