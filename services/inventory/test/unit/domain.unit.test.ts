// Inventory's pure rules, without I/O: the reservation state machine, the deltas of each movement, the audit's test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { disagrees } from '../../src/domain/audit.ts';
import { deltasOf, movementOfTransition } from '../../src/domain/movements.ts';
import {
  decideCancel,
  decideConfirm,
  decideExpiry,
  decideRepeatedReserve,
  duplicateSku,
  sameLines,
  sortedLines,
  type ReservationStatus,
} from '../../src/domain/reservations.ts';

const now = new Date('2026-12-03T12:00:00Z');
const later = new Date('2026-12-03T12:15:00Z');
const earlier = new Date('2026-12-03T11:45:00Z');
const hold = (status: ReservationStatus, expiresAt = later) => ({ status, expiresAt });
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('confirming a reservation', () => {
  test('a hold within its time is committed', () => {
    assert.deepEqual(decideConfirm(hold('held'), now), { kind: 'move', to: 'confirmed' });
  });
  test('a hold past its expiry is refused as expired even before the job released it', () => {
    assert.deepEqual(decideConfirm(hold('held', earlier), now), { kind: 'refuse', code: 'RESERVATION_EXPIRED' });
  });
  test('confirming twice answers the first confirm and moves nothing', () => {
    assert.deepEqual(decideConfirm(hold('confirmed'), now), { kind: 'replay' });
  });
  test('confirm after cancel is refused', () => {
    assert.deepEqual(decideConfirm(hold('cancelled'), now), { kind: 'refuse', code: 'RESERVATION_CANCELLED' });
  });
  test('confirm after expiry is refused', () => {
    assert.deepEqual(decideConfirm(hold('expired'), now), { kind: 'refuse', code: 'RESERVATION_EXPIRED' });
  });
});

describe('cancelling a reservation', () => {
  test('a hold is released', () => {
    assert.deepEqual(decideCancel(hold('held')), { kind: 'move', to: 'cancelled' });
  });
  test('a hold past its expiry is still released by a cancel', () => {
    assert.deepEqual(decideCancel(hold('held', earlier)), { kind: 'move', to: 'cancelled' });
  });
  test('cancel after confirm is refused: the goods are sold', () => {
    assert.deepEqual(decideCancel(hold('confirmed')), { kind: 'refuse', code: 'RESERVATION_CONFIRMED' });
  });
  test('cancelling twice, or after expiry, changes nothing and succeeds', () => {
    assert.deepEqual(decideCancel(hold('cancelled')), { kind: 'replay' });
    assert.deepEqual(decideCancel(hold('expired')), { kind: 'replay' });
  });
});

describe('the expiry job', () => {
  test('releases a hold whose time is up', () => {
    assert.deepEqual(decideExpiry(hold('held', earlier), now), { kind: 'move', to: 'expired' });
    assert.deepEqual(decideExpiry(hold('held', now), now), { kind: 'move', to: 'expired' });
  });
  test('leaves a hold within its time alone', () => {
    assert.deepEqual(decideExpiry(hold('held', later), now), { kind: 'replay' });
  });
  test('leaves a reservation already confirmed or cancelled alone', () => {
    for (const status of ['confirmed', 'cancelled', 'expired'] as const)
      assert.deepEqual(decideExpiry(hold(status, earlier), now), { kind: 'replay' });
  });
});

describe('reserving a ref that exists', () => {
  const lines = [
    { skuId: A, quantity: 1 },
    { skuId: B, quantity: 2 },
  ];
  test('the same lines in another order are a retry', () => {
    assert.equal(decideRepeatedReserve({ status: 'held', lines }, [...lines].reverse()), 'replay');
  });
  test('a retry after the reservation was confirmed answers it as it stands', () => {
    assert.equal(decideRepeatedReserve({ status: 'confirmed', lines }, lines), 'replay');
  });
  test('other lines, or another quantity, are a mismatch', () => {
    assert.equal(decideRepeatedReserve({ status: 'held', lines }, [{ skuId: A, quantity: 1 }]), 'mismatch');
    assert.equal(
      decideRepeatedReserve({ status: 'held', lines }, [
        { skuId: A, quantity: 1 },
        { skuId: B, quantity: 3 },
      ]),
      'mismatch',
    );
  });
  test('a ref cancelled before it was reserved stays refused', () => {
    assert.equal(decideRepeatedReserve({ status: 'cancelled', lines: [] }, lines), 'cancelled-before-reserve');
  });
});

describe('reservation lines', () => {
  test('are sorted by SKU id, case folded, so every transaction locks rows in one order', () => {
    assert.deepEqual(
      sortedLines([
        { skuId: B.toUpperCase(), quantity: 1 },
        { skuId: A, quantity: 2 },
      ]),
      [
        { skuId: A, quantity: 2 },
        { skuId: B, quantity: 1 },
      ],
    );
  });
  test('a SKU named twice is found, whatever its case', () => {
    assert.equal(
      duplicateSku([
        { skuId: A, quantity: 1 },
        { skuId: A.toUpperCase(), quantity: 2 },
      ]),
      A,
    );
    assert.equal(
      duplicateSku([
        { skuId: A, quantity: 1 },
        { skuId: B, quantity: 2 },
      ]),
      undefined,
    );
  });
  test('compare equal whatever their order', () => {
    assert.equal(
      sameLines(
        [
          { skuId: A, quantity: 1 },
          { skuId: B, quantity: 1 },
        ],
        [
          { skuId: B, quantity: 1 },
          { skuId: A, quantity: 1 },
        ],
      ),
      true,
    );
  });
});

describe('stock movements', () => {
  test('a commit takes the units off on hand and off reserved together', () => {
    assert.deepEqual(deltasOf('commit', 3), { onHandDelta: -3, reservedDelta: -3 });
  });
  test('a reserve, a release and an expiry move only reserved', () => {
    assert.deepEqual(deltasOf('reserve', 2), { onHandDelta: 0, reservedDelta: 2 });
    assert.deepEqual(deltasOf('release', 2), { onHandDelta: 0, reservedDelta: -2 });
    assert.deepEqual(deltasOf('expiry', 2), { onHandDelta: 0, reservedDelta: -2 });
  });
  test('a restock adds to on hand and an adjustment moves it by its signed delta', () => {
    assert.deepEqual(deltasOf('restock', 5), { onHandDelta: 5, reservedDelta: 0 });
    assert.deepEqual(deltasOf('adjustment', -4), { onHandDelta: -4, reservedDelta: 0 });
  });
  test('each way out of held is its own movement', () => {
    assert.equal(movementOfTransition('confirmed'), 'commit');
    assert.equal(movementOfTransition('cancelled'), 'release');
    assert.equal(movementOfTransition('expired'), 'expiry');
  });
});

describe('the audit', () => {
  const sound = { skuId: A, onHand: 10, reserved: 3, ledgerOnHand: 10, ledgerReserved: 3, heldReserved: 3 };
  test('a SKU whose stock equals its ledger and its holds is sound', () => {
    assert.equal(disagrees(sound), false);
  });
  test('on hand or reserved that differ from the ledger disagree', () => {
    assert.equal(disagrees({ ...sound, ledgerOnHand: 11 }), true);
    assert.equal(disagrees({ ...sound, ledgerReserved: 2 }), true);
  });
  test('reserved units that no held reservation accounts for disagree', () => {
    assert.equal(disagrees({ ...sound, heldReserved: 2 }), true);
  });
});
