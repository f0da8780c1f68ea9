// The pure policies of the RPC client: load balancing and the retry budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from '../../src/rpc/balancer.ts';
import { RetryBudget } from '../../src/rpc/retry-budget.ts';

const endpoints = (outstanding: number[]) => outstanding.map((o, i) => ({ id: `e${i}`, outstanding: o }));

test('round robin visits every endpoint in turn', () => {
  const rr = createBalancer('round-robin');
  const list = endpoints([0, 0, 0]);
  const picks = Array.from({ length: 9 }, () => rr.pick(list)!.id);
  for (const id of ['e0', 'e1', 'e2']) assert.equal(picks.filter((p) => p === id).length, 3);
});

test('power of two choices never picks the busier of two and avoids the busiest endpoint', () => {
  const p2c = createBalancer('p2c');
  const list = endpoints([100, 0, 0]);
  for (let i = 0; i < 200; i++) assert.notEqual(p2c.pick(list)!.id, 'e0');
  const two = endpoints([3, 1]);
  for (let i = 0; i < 50; i++) assert.equal(p2c.pick(two)!.id, 'e1');
});

test('balancers answer nothing for no endpoints and the only one for one', () => {
  for (const kind of ['round-robin', 'p2c'] as const) {
    const b = createBalancer(kind);
    assert.equal(b.pick([]), undefined);
    assert.equal(b.pick(endpoints([5]))!.id, 'e0');
  }
});

test('the retry budget allows the floor, then about ratio retries per call', () => {
  const budget = new RetryBudget(0.2, 3, 100);
  let floor = 0;
  while (budget.withdraw()) floor++;
  assert.equal(floor, 3, 'the per-second floor');
  for (let i = 0; i < 50; i++) budget.deposit();
  let earned = 0;
  while (budget.withdraw()) earned++;
  assert.equal(earned, 10, '20% of 50 calls');
});
