// EtcdLocks against the locks conformance suite on the real etcd (leases count whole seconds, hence the
// one-second unit), plus what only etcd has: a lease revoked behind the leader's back.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import { EtcdLocks } from '../../src/locks/index.ts';
import { etcdEndpoints } from '../../src/etcd/index.ts';
import { locksConformance } from './locks-conformance.ts';

const endpoints = etcdEndpoints();
const prefix = `test/locks/${randomUUID()}/`;
const raw = new Etcd3({ hosts: endpoints });

after(async () => {
  await raw.delete().prefix(prefix).exec();
  raw.close();
});

locksConformance('etcd', { makeLocks: () => new EtcdLocks({ endpoints, prefix }), ttlUnitMs: 1000 });

describe('etcd locks', () => {
  test('a leader whose lease is revoked behind its back is demoted and a follower takes over', async () => {
    const [a, b] = [new EtcdLocks({ endpoints, prefix }), new EtcdLocks({ endpoints, prefix })];
    after(() => Promise.all([a.close(), b.close()]));
    const events: string[] = [];
    const errors: unknown[] = [];
    const name = `revoked-${randomUUID()}`;
    const options = (who: string) => ({
      ttlMs: 2000,
      onElected: () => events.push(`${who} elected`),
      onDemoted: () => events.push(`${who} demoted`),
      onError: (err: unknown) => errors.push(err),
    });
    const first = await a.campaign(name, options('a'));
    const second = await b.campaign(name, options('b'));
    assert.equal(first.isLeader(), true);
    const [leaderKey] = (await raw.namespace(prefix).getAll().prefix(`leader/${name}`).exec()).kvs;
    assert.ok(leaderKey);
    await raw.leaseClient.leaseRevoke({ ID: leaderKey.lease });
    const revokedAt = performance.now();
    while ((first.isLeader() || !second.isLeader()) && performance.now() - revokedAt < 3000) await sleep(5);
    // The old leader learns from its watch on the key, not at its next keep-alive (ttl/3 later).
    assert.ok(performance.now() - revokedAt < 500, `hand-over took ${performance.now() - revokedAt} ms`);
    assert.equal(first.isLeader(), false);
    assert.equal(second.isLeader(), true);
    assert.deepEqual([...events].sort(), ['a demoted', 'a elected', 'b elected']);
    assert.ok(errors.length >= 1, 'the lost leadership was reported');
    await Promise.all([first.resign(), second.resign()]);
  });
});
