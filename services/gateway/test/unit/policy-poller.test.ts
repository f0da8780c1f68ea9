// The policy poller's refreshes without any server: events make it refresh now, a burst costs at most
// one running refresh and one after it, refreshes never overlap, and an event no newer than the copy is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@mall/platform/observability';
import type { PolicySnapshot } from '../../src/domain/access-policy.ts';
import { PolicyPoller } from '../../src/authorization/policy-poller.ts';

const log = createLogger({ service: 'gateway', level: 'silent' });

/** A fake identity whose policy is at `version`; each call takes `delayMs` and is counted, overlaps too. */
function fakeIdentity(delayMs: number) {
  const state = { version: 1, calls: 0, inFlight: 0, maxInFlight: 0 };
  const fetch = async (sinceVersion: number | undefined): Promise<PolicySnapshot> => {
    state.calls++;
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const version = state.version;
    await sleep(delayMs);
    state.inFlight--;
    return sinceVersion === version ? { version, unchanged: true } : { version, roles: [], permissions: [], bans: [], ipRules: [] };
  };
  return { state, fetch };
}

async function startedPoller(delayMs: number) {
  const identity = fakeIdentity(delayMs);
  const poller = new PolicyPoller({ fetch: identity.fetch, intervalMs: () => 60_000, log });
  await poller.start(1000);
  identity.state.calls = 0;
  return { poller, identity };
}

test('an event naming a newer version loads it at once, without waiting for the poll', async () => {
  const { poller, identity } = await startedPoller(5);
  identity.state.version = 2;
  poller.policyChanged(2);
  await sleep(50);
  assert.equal(poller.current?.version, 2);
  assert.equal(identity.state.calls, 1);
  poller.stop();
});

test('a burst of events costs one running refresh and one after it, never two at a time', async () => {
  const { poller, identity } = await startedPoller(40);
  identity.state.version = 7;
  for (let v = 2; v <= 7; v++) poller.policyChanged(v);
  await sleep(200);
  assert.equal(identity.state.calls, 2);
  assert.equal(identity.state.maxInFlight, 1);
  assert.equal(poller.current?.version, 7);
  poller.stop();
});

test('an event no newer than the policy in force is skipped', async () => {
  const { poller, identity } = await startedPoller(5);
  poller.policyChanged(1);
  poller.policyChanged(0);
  await sleep(50);
  assert.equal(identity.state.calls, 0);
  poller.stop();
});

test('a stopped poller refreshes no more', async () => {
  const { poller, identity } = await startedPoller(5);
  poller.stop();
  identity.state.version = 3;
  poller.policyChanged(3);
  await sleep(50);
  assert.equal(identity.state.calls, 0);
  assert.equal(poller.current?.version, 1);
});
