// Seckill's pure rules: windows, overlaps, phases, publishing, what a close gives back, the grab's codes and tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrabCode, refusalOf, soldOutAfter } from '../../src/domain/grab.ts';
import { decidePublish, duplicateSku, mayEdit, overlaps, phaseAt, unsold, windowProblem } from '../../src/domain/sessions.ts';
import { signGrabToken, verifyGrabToken } from '../../src/grab-token.ts';

const at = (iso: string): Date => new Date(iso);
const w = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });

test('a window must end after it starts and not be over already', () => {
  const now = at('2026-12-03T10:00:00Z');
  assert.equal(windowProblem(w('2026-12-03T11:00:00Z', '2026-12-03T12:00:00Z'), now), undefined);
  assert.match(windowProblem(w('2026-12-03T12:00:00Z', '2026-12-03T12:00:00Z'), now) ?? '', /after/);
  assert.match(windowProblem(w('2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z'), now) ?? '', /over/);
});

test('sessions overlap when they share a moment, not when one ends as the other starts', () => {
  assert.equal(overlaps(w('2026-12-03T10:00:00Z', '2026-12-03T12:00:00Z'), w('2026-12-03T11:00:00Z', '2026-12-03T13:00:00Z')), true);
  assert.equal(overlaps(w('2026-12-03T10:00:00Z', '2026-12-03T12:00:00Z'), w('2026-12-03T12:00:00Z', '2026-12-03T13:00:00Z')), false);
});

test('a SKU named twice in one session is found', () => {
  assert.equal(duplicateSku([{ skuId: 'a' }, { skuId: 'b' }, { skuId: 'a' }]), 'a');
  assert.equal(duplicateSku([{ skuId: 'a' }, { skuId: 'b' }]), undefined);
});

test('the grab is open from the start, included, to the end, excluded', () => {
  const s = w('2026-12-03T10:00:00Z', '2026-12-03T11:00:00Z');
  assert.equal(phaseAt(s, at('2026-12-03T09:59:59.999Z')), 'not-started');
  assert.equal(phaseAt(s, at('2026-12-03T10:00:00Z')), 'open');
  assert.equal(phaseAt(s, at('2026-12-03T11:00:00Z')), 'ended');
});

test('only a draft is edited; publishing twice replays, a closed or ended session is refused', () => {
  const s = w('2026-12-03T10:00:00Z', '2026-12-03T11:00:00Z');
  const during = at('2026-12-03T10:30:00Z');
  assert.equal(mayEdit('DRAFT'), true);
  assert.equal(mayEdit('PUBLISHED'), false);
  assert.equal(decidePublish('DRAFT', s, during), 'publish');
  assert.equal(decidePublish('PUBLISHED', s, during), 'replay');
  assert.equal(decidePublish('CLOSED', s, during), 'closed');
  assert.equal(decidePublish('DRAFT', s, at('2026-12-03T12:00:00Z')), 'ended');
});

test('a close gives back what is left, never less than nothing nor more than the quantity', () => {
  assert.equal(unsold(10, 4), 4);
  assert.equal(unsold(10, -1), 0);
  assert.equal(unsold(10, 12), 10);
});

test('each refusal code of the grab script names its error, and the last unit sets the sold-out flag', () => {
  assert.equal(refusalOf(GrabCode.notStarted), 'NOT_STARTED');
  assert.equal(refusalOf(GrabCode.ended), 'ENDED');
  assert.equal(refusalOf(GrabCode.soldOut), 'SOLD_OUT');
  assert.equal(refusalOf(GrabCode.limitReached), 'LIMIT_REACHED');
  assert.equal(refusalOf(GrabCode.taken), undefined);
  assert.equal(soldOutAfter(GrabCode.taken, 0), true);
  assert.equal(soldOutAfter(GrabCode.taken, 3), false);
  assert.equal(soldOutAfter(GrabCode.soldOut, 0), true);
  assert.equal(soldOutAfter(GrabCode.limitReached, 5), false);
});

test('a grab token is valid only for its item and buyer, before its expiry, with its own secret', () => {
  const claims = { itemId: 'item-1', buyerId: 'buyer-1', expiresAtMs: 2_000 };
  const token = signGrabToken('secret-secret-secret', claims);
  assert.equal(verifyGrabToken('secret-secret-secret', token, { itemId: 'item-1', buyerId: 'buyer-1', nowMs: 1_000 })?.itemId, 'item-1');
  assert.equal(verifyGrabToken('another-secret-here', token, { itemId: 'item-1', buyerId: 'buyer-1', nowMs: 1_000 }), undefined);
  assert.equal(verifyGrabToken('secret-secret-secret', token, { itemId: 'item-2', buyerId: 'buyer-1', nowMs: 1_000 }), undefined);
  assert.equal(verifyGrabToken('secret-secret-secret', token, { itemId: 'item-1', buyerId: 'buyer-2', nowMs: 1_000 }), undefined);
  assert.equal(verifyGrabToken('secret-secret-secret', token, { itemId: 'item-1', buyerId: 'buyer-1', nowMs: 2_000 }), undefined);
  assert.equal(verifyGrabToken('secret-secret-secret', `${token}x`, { itemId: 'item-1', buyerId: 'buyer-1', nowMs: 1_000 }), undefined);
});
