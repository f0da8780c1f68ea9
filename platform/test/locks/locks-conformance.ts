// The one conformance suite every Locks adapter must pass: exclusion, waiting, expiry, fencing tokens and
// leader election. Each "node" is its own Locks instance on the shared backend, as separate processes are.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Campaign, Lock, Locks } from '../../src/locks/index.ts';

export interface LocksUnderTest {
  /** A new client of the same backend: to the locks, another process. */
  makeLocks: () => Locks;
  /** The shortest ttl the backend honours (etcd leases count whole seconds); every ttl and wait here scales by it. */
  ttlUnitMs: number;
}

interface Candidate {
  locks: Locks;
  campaign: Campaign;
  events: ('elected' | 'demoted')[];
  errors: unknown[];
}

/** Polls until `condition` holds and answers how long that took; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return performance.now() - start;
}

export function locksConformance(name: string, { makeLocks, ttlUnitMs: u }: LocksUnderTest): void {
  describe(`locks conformance: ${name}`, () => {
    const opened: Locks[] = [];
    const node = (): Locks => {
      const locks = makeLocks();
      opened.push(locks);
      return locks;
    };
    const lockName = (label: string): string => `${label}-${randomUUID()}`;
    const leaders = (candidates: Candidate[]): Candidate[] => candidates.filter((c) => c.campaign.isLeader());
    const candidate = async (electionName: string, ttlMs: number, locks = node()): Promise<Candidate> => {
      const events: Candidate['events'] = [];
      const errors: unknown[] = [];
      const campaign = await locks.campaign(electionName, {
        ttlMs,
        onElected: () => events.push('elected'),
        onDemoted: () => events.push('demoted'),
        onError: (err) => errors.push(err),
      });
      return { locks, campaign, events, errors };
    };

    after(async () => {
      await Promise.all(opened.map((locks) => locks.close()));
    });

    describe('locks', () => {
      test('a lock held by one owner cannot be taken by another, nor again by the same client', async () => {
        const [a, b] = [node(), node()];
        const n = lockName('exclusive');
        const held = await a.acquire(n, { ttlMs: 20 * u });
        assert.ok(held);
        assert.equal(held.name, n);
        assert.ok(held.token > 0);
        assert.equal(await b.acquire(n, { ttlMs: 20 * u }), null);
        assert.equal(await a.acquire(n, { ttlMs: 20 * u }), null);
        await held.release();
        const next = await b.acquire(n, { ttlMs: 20 * u });
        assert.ok(next);
        await next.release();
      });

      test('locks with different names do not exclude each other', async () => {
        const [a, b] = [node(), node()];
        const first = await a.acquire(lockName('first'), { ttlMs: 20 * u });
        const second = await b.acquire(lockName('second'), { ttlMs: 20 * u });
        assert.ok(first && second);
        await Promise.all([first.release(), second.release()]);
      });

      test('a waiting acquire gets the lock soon after the holder releases it', async () => {
        const [a, b] = [node(), node()];
        const n = lockName('handover');
        const held = await a.acquire(n, { ttlMs: 20 * u });
        assert.ok(held);
        const waiting = b.acquire(n, { ttlMs: 20 * u, waitMs: 20 * u });
        await sleep(150);
        await held.release();
        const releasedAt = performance.now();
        const taken = await waiting;
        assert.ok(taken, 'the waiter got the lock');
        assert.ok(performance.now() - releasedAt < 500, `took ${performance.now() - releasedAt} ms after the release`);
        assert.ok(taken.token > held.token);
        await taken.release();
      });

      test('a waiting acquire gives up with null after waitMs while the lock stays held', async () => {
        const [a, b] = [node(), node()];
        const n = lockName('busy');
        const held = await a.acquire(n, { ttlMs: 20 * u });
        assert.ok(held);
        const start = performance.now();
        assert.equal(await b.acquire(n, { ttlMs: 20 * u, waitMs: 300 }), null);
        const waited = performance.now() - start;
        assert.ok(waited >= 290 && waited < 1300, `waited ${waited} ms`);
        await held.release();
      });

      test('an expired lock can be taken, and the old owner can neither release nor extend it', async () => {
        const [a, b, c] = [node(), node(), node()];
        const n = lockName('expiring');
        const stale = await a.acquire(n, { ttlMs: 2 * u });
        assert.ok(stale);
        const start = performance.now();
        assert.equal(await b.acquire(n, { ttlMs: 20 * u }), null);
        const fresh = await b.acquire(n, { ttlMs: 20 * u, waitMs: 2 * u + 3000 });
        assert.ok(fresh, 'taken once the first owner lapsed');
        assert.ok(performance.now() - start >= 2 * u - 100, `taken after ${performance.now() - start} ms, before the ttl ran out`);
        assert.ok(fresh.token > stale.token);
        await stale.release();
        assert.equal(await c.acquire(n, { ttlMs: 20 * u }), null, "the old owner released the new owner's lock");
        assert.equal(await stale.extend(20 * u), false);
        assert.equal(await fresh.extend(20 * u), true);
        await fresh.release();
        const after = await c.acquire(n, { ttlMs: 20 * u });
        assert.ok(after);
        await after.release();
      });

      test('extend keeps a lock past its original ttl', async () => {
        const [a, b] = [node(), node()];
        const n = lockName('extended');
        const held = await a.acquire(n, { ttlMs: 2 * u });
        assert.ok(held);
        await sleep(u);
        assert.equal(await held.extend(4 * u), true);
        await sleep(1.5 * u);
        assert.equal(await b.acquire(n, { ttlMs: 20 * u }), null, 'still held after the original ttl');
        await held.release();
      });

      test('fencing tokens strictly increase from owner to owner', async () => {
        const nodes = [node(), node(), node()];
        const n = lockName('fenced');
        const tokens: number[] = [];
        for (let i = 0; i < 6; i += 1) {
          const held = await nodes[i % 3]!.acquire(n, { ttlMs: 20 * u });
          assert.ok(held);
          tokens.push(held.token);
          await held.release();
        }
        for (let i = 1; i < tokens.length; i += 1) assert.ok(tokens[i]! > tokens[i - 1]!, `tokens ${tokens.join(', ')}`);
      });

      test('release is idempotent and a released lock can no longer be extended', async () => {
        const [a, b] = [node(), node()];
        const n = lockName('released');
        const held = await a.acquire(n, { ttlMs: 20 * u });
        assert.ok(held);
        await held.release();
        await held.release();
        assert.equal(await held.extend(20 * u), false);
        const next = await b.acquire(n, { ttlMs: 20 * u });
        assert.ok(next);
        assert.equal(await held.extend(20 * u), false, 'extending a released lock must not touch the next owner');
        await next.release();
      });

      test('only one of several contending owners holds the lock at any time', async () => {
        const n = lockName('contended');
        let inside = 0;
        let entries = 0;
        const worker = async (locks: Locks): Promise<void> => {
          for (let i = 0; i < 5; i += 1) {
            const held: Lock | null = await locks.acquire(n, { ttlMs: 20 * u, waitMs: 30_000 });
            assert.ok(held);
            inside += 1;
            entries += 1;
            assert.equal(inside, 1, 'two owners inside at once');
            await sleep(5);
            inside -= 1;
            await held.release();
          }
        };
        await Promise.all([node(), node(), node(), node()].map(worker));
        assert.equal(entries, 20);
      });

      test('a ttl that is not a positive integer is refused', async () => {
        const a = node();
        await assert.rejects(a.acquire(lockName('bad'), { ttlMs: 0 }), RangeError);
        await assert.rejects(a.acquire(lockName('bad'), { ttlMs: 1.5 }), RangeError);
        await assert.rejects(a.acquire(lockName('bad'), { ttlMs: 1000, waitMs: -1 }), RangeError);
        const held = await a.acquire(lockName('good'), { ttlMs: 20 * u });
        assert.ok(held);
        await assert.rejects(held.extend(-5), RangeError);
        await held.release();
      });
    });

    describe('leader election', () => {
      test('exactly one of three candidates leads, and keeps leading', async () => {
        const n = lockName('election');
        const candidates = await Promise.all([candidate(n, 2 * u), candidate(n, 2 * u), candidate(n, 2 * u)]);
        await waitFor(() => leaders(candidates).length === 1, 4 * u, 'a leader');
        const [leader] = leaders(candidates);
        for (let elapsed = 0; elapsed < 3 * u; elapsed += 25) {
          assert.deepEqual(leaders(candidates), [leader], 'leadership changed or was shared');
          await sleep(25);
        }
        assert.deepEqual(leader!.events, ['elected']);
        assert.deepEqual(
          candidates.flatMap((c) => c.errors),
          [],
        );
        for (const c of candidates) if (c !== leader) assert.deepEqual(c.events, []);
        await Promise.all(candidates.map((c) => c.campaign.resign()));
      });

      test('a follower takes over soon after the leader resigns', async () => {
        const n = lockName('resign');
        const ttlMs = 2 * u;
        const candidates = await Promise.all([candidate(n, ttlMs), candidate(n, ttlMs), candidate(n, ttlMs)]);
        await waitFor(() => leaders(candidates).length === 1, 2 * ttlMs, 'a first leader');
        const [leader] = leaders(candidates);
        await leader!.campaign.resign();
        assert.equal(leader!.campaign.isLeader(), false);
        assert.deepEqual(leader!.events, ['elected', 'demoted']);
        const followers = candidates.filter((c) => c !== leader);
        await waitFor(() => leaders(followers).length === 1, 2 * ttlMs, 'a new leader after the resignation');
        assert.deepEqual(leaders(followers)[0]!.events, ['elected']);
        assert.deepEqual(
          candidates.flatMap((c) => c.errors),
          [],
        );
        await Promise.all(followers.map((c) => c.campaign.resign()));
      });

      test("a follower takes over within two ttls after the leader's client is closed, not before it lapses", async () => {
        const n = lockName('crash');
        const ttlMs = 2 * u;
        const candidates = await Promise.all([candidate(n, ttlMs), candidate(n, ttlMs), candidate(n, ttlMs)]);
        await waitFor(() => leaders(candidates).length === 1, 2 * ttlMs, 'a first leader');
        const [leader] = leaders(candidates);
        await leader!.locks.close();
        assert.equal(leader!.campaign.isLeader(), false);
        assert.deepEqual(leader!.events, ['elected', 'demoted']);
        const followers = candidates.filter((c) => c !== leader);
        const tookMs = await waitFor(() => leaders(followers).length === 1, 2 * ttlMs, 'a new leader after the close');
        assert.ok(tookMs >= ttlMs / 2, `a new leader after ${tookMs} ms: the closed client handed over instead of lapsing`);
        assert.deepEqual(
          candidates.flatMap((c) => c.errors),
          [],
        );
        await Promise.all(followers.map((c) => c.campaign.resign()));
      });

      test('a follower that resigns never leads, and the leader is not disturbed', async () => {
        const n = lockName('quitter');
        const leader = await candidate(n, 2 * u);
        await waitFor(() => leader.campaign.isLeader(), 2 * u, 'the first candidate leading');
        const follower = await candidate(n, 2 * u);
        await follower.campaign.resign();
        await follower.campaign.resign();
        await sleep(u);
        assert.deepEqual(follower.events, []);
        assert.equal(leader.campaign.isLeader(), true);
        await leader.campaign.resign();
        assert.deepEqual(leader.events, ['elected', 'demoted']);
      });

      test('a new campaign after everyone resigned leads at once', async () => {
        const n = lockName('again');
        const first = await candidate(n, 2 * u);
        await waitFor(() => first.campaign.isLeader(), 2 * u, 'the first candidate leading');
        await first.campaign.resign();
        const second = await candidate(n, 2 * u);
        await waitFor(() => second.campaign.isLeader(), u, 'the second candidate leading');
        await second.campaign.resign();
      });
    });

    test('closed locks refuse new acquires and campaigns', async () => {
      const a = node();
      await a.close();
      await a.close();
      await assert.rejects(a.acquire(lockName('late'), { ttlMs: 20 * u }));
      await assert.rejects(a.campaign(lockName('late'), { ttlMs: 2 * u, onElected: () => undefined, onDemoted: () => undefined }));
    });
  });
}
