// The ConfigCenter conformance suite: the same behaviour demanded of every adapter (etcd and embedded).
// Each test works under its own unique prefix, so runs can share a server and repeat.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigCenter, ConfigChange } from '../../src/config/index.ts';
import { sleep, uniqueName, waitFor } from './helpers.ts';

export type OpenCenter = (options?: { historyLimit?: number }) => Promise<ConfigCenter>;

export function configCenterConformance(adapter: string, open: OpenCenter): void {
  describe(`ConfigCenter conformance: ${adapter}`, () => {
    let center: ConfigCenter;
    before(async () => {
      center = await open();
    });
    after(async () => {
      await center.close();
    });

    test('a put value is read back by get with the revision put returned', async () => {
      const key = `${uniqueName('get')}/gateway`;
      const revision = await center.put(key, { port: 3000 });
      assert.deepEqual(await center.get(key), { key, value: { port: 3000 }, revision });
    });

    test('get of a key never written is undefined', async () => {
      assert.equal(await center.get(uniqueName('missing')), undefined);
    });

    test('every write gets a higher revision than the one before', async () => {
      const key = uniqueName('revisions');
      const first = await center.put(key, 1);
      const second = await center.put(key, 2);
      const third = await center.put(`${key}-other`, 3);
      assert.ok(first < second && second < third, `${first} < ${second} < ${third}`);
    });

    test('values round-trip as JSON documents', async () => {
      const key = uniqueName('json');
      const value = {
        text: '无线蓝牙耳机',
        n: 1.5,
        ok: false,
        none: null,
        list: [1, 'two', { three: 3 }],
        nested: { deep: { deeper: true } },
      };
      await center.put(key, value);
      assert.deepEqual((await center.get(key))?.value, value);
      await center.put(key, 'just a string');
      assert.equal((await center.get(key))?.value, 'just a string');
    });

    test('a value JSON cannot carry is rejected and nothing is stored', async () => {
      const key = uniqueName('undefined');
      await assert.rejects(center.put(key, undefined), /not JSON-serializable/);
      assert.equal(await center.get(key), undefined);
    });

    test('list returns the keys under a prefix sorted by key, and nothing outside it', async () => {
      const root = uniqueName('list');
      await center.put(`${root}/b`, 'b');
      await center.put(`${root}/a`, 'a');
      await center.put(`${root}/c/d`, 'cd');
      await center.put(`${root}2/x`, 'outside');
      const listed = await center.list(`${root}/`);
      assert.deepEqual(
        listed.map((entry) => [entry.key, entry.value]),
        [
          [`${root}/a`, 'a'],
          [`${root}/b`, 'b'],
          [`${root}/c/d`, 'cd'],
        ],
      );
      assert.ok(listed.every((entry) => entry.revision > 0));
    });

    test('delete removes a key, and deleting a missing key is harmless', async () => {
      const key = uniqueName('delete');
      await center.put(key, { x: 1 });
      await center.delete(key);
      assert.equal(await center.get(key), undefined);
      await center.delete(key);
      await center.delete(uniqueName('never-written'));
    });

    test('watch reports puts and deletes under its prefix in order, with their revisions', async () => {
      const root = uniqueName('watch');
      const seen: ConfigChange[] = [];
      const stop = await center.watch(`${root}/`, (change) => seen.push(change));
      const r1 = await center.put(`${root}/a`, { v: 1 });
      const r2 = await center.put(`${root}/b`, { v: 2 });
      const r3 = await center.put(`${root}/a`, { v: 3 });
      await center.delete(`${root}/b`);
      await waitFor('four changes', () => seen.length === 4);
      await stop();
      assert.deepEqual(seen.slice(0, 3), [
        { key: `${root}/a`, value: { v: 1 }, revision: r1 },
        { key: `${root}/b`, value: { v: 2 }, revision: r2 },
        { key: `${root}/a`, value: { v: 3 }, revision: r3 },
      ]);
      assert.equal(seen[3]?.key, `${root}/b`);
      assert.equal(seen[3]?.value, undefined);
      assert.ok((seen[3]?.revision ?? 0) > r3);
    });

    test('watch reports neither keys outside its prefix nor changes made before it started', async () => {
      const root = uniqueName('watch-scope');
      await center.put(`${root}/before`, 'old');
      const seen: ConfigChange[] = [];
      const stop = await center.watch(`${root}/`, (change) => seen.push(change));
      await center.put(`${root}-sibling/x`, 'outside');
      await center.put(`${root}/after`, 'new');
      await waitFor('the change under the prefix', () => seen.length >= 1);
      await sleep(100);
      await stop();
      assert.deepEqual(
        seen.map((change) => change.key),
        [`${root}/after`],
      );
    });

    test('after unsubscribe a watcher hears nothing more', async () => {
      const root = uniqueName('unwatch');
      const seen: ConfigChange[] = [];
      const stop = await center.watch(`${root}/`, (change) => seen.push(change));
      await center.put(`${root}/a`, 1);
      await waitFor('first change', () => seen.length === 1);
      await stop();
      await center.put(`${root}/a`, 2);
      await sleep(150);
      assert.equal(seen.length, 1);
    });

    test('history lists the values a key held newest first, with revisions, leaving deletions out', async () => {
      const key = uniqueName('history');
      const r1 = await center.put(key, { v: 1 });
      const r2 = await center.put(key, { v: 2 });
      await center.delete(key);
      const r3 = await center.put(key, { v: 3 });
      assert.deepEqual(await center.history(key), [
        { key, value: { v: 3 }, revision: r3 },
        { key, value: { v: 2 }, revision: r2 },
        { key, value: { v: 1 }, revision: r1 },
      ]);
      assert.deepEqual(
        (await center.history(key, 2)).map((entry) => entry.revision),
        [r3, r2],
      );
      assert.deepEqual(await center.history(uniqueName('no-history')), []);
    });

    test('history of a key does not include keys that merely share its prefix', async () => {
      const key = uniqueName('history-prefix');
      await center.put(key, 'mine');
      await center.put(`${key}/child`, 'child');
      await center.put(`${key}x`, 'sibling');
      assert.deepEqual(
        (await center.history(key)).map((entry) => entry.value),
        ['mine'],
      );
    });

    test('rollback writes the value the key had at an earlier revision as a new revision, seen by watchers', async () => {
      const key = uniqueName('rollback');
      const r1 = await center.put(key, { limit: 10 });
      await center.put(key, { limit: 99 });
      const seen: ConfigChange[] = [];
      const stop = await center.watch(key, (change) => seen.push(change));
      const restored = await center.rollback(key, r1);
      assert.deepEqual(await center.get(key), { key, value: { limit: 10 }, revision: restored });
      await waitFor('the rollback change', () => seen.length === 1);
      await stop();
      assert.deepEqual(seen[0], { key, value: { limit: 10 }, revision: restored });
      assert.deepEqual(
        (await center.history(key)).map((entry) => entry.value),
        [{ limit: 10 }, { limit: 99 }, { limit: 10 }],
      );
    });

    test('rollback to a revision between two writes restores the value current at that revision', async () => {
      const key = uniqueName('rollback-between');
      await center.put(key, 'first');
      const unrelated = await center.put(uniqueName('unrelated'), 'x');
      await center.put(key, 'second');
      await center.rollback(key, unrelated);
      assert.equal((await center.get(key))?.value, 'first');
    });

    test('rollback to a revision before the key existed, or while it was deleted, fails and changes nothing', async () => {
      const key = uniqueName('rollback-invalid');
      const r1 = await center.put(key, 'v1');
      await center.delete(key);
      const afterDelete = await center.put(uniqueName('marker'), 'x');
      await center.put(key, 'v2');
      await assert.rejects(center.rollback(key, r1 - 1), /no recorded value/);
      await assert.rejects(center.rollback(key, afterDelete), /was deleted/);
      assert.equal((await center.get(key))?.value, 'v2');
    });

    test('a deleted key can be rolled back to a value it held before the delete', async () => {
      const key = uniqueName('rollback-deleted');
      const r1 = await center.put(key, { enabled: true });
      await center.delete(key);
      const restored = await center.rollback(key, r1);
      assert.deepEqual(await center.get(key), { key, value: { enabled: true }, revision: restored });
    });

    test('history is bounded: only the newest records are kept', async () => {
      const bounded = await open({ historyLimit: 3 });
      try {
        const key = uniqueName('bounded');
        const revisions: number[] = [];
        for (let i = 1; i <= 5; i++) revisions.push(await bounded.put(key, i));
        assert.deepEqual(
          (await bounded.history(key)).map((entry) => entry.value),
          [5, 4, 3],
        );
        await assert.rejects(bounded.rollback(key, revisions[0] ?? 0), /no recorded value/);
      } finally {
        await bounded.close();
      }
    });

    test('a closed center rejects calls and its watchers stop', async () => {
      const closing = await open();
      const root = uniqueName('closed');
      const seen: ConfigChange[] = [];
      await closing.watch(`${root}/`, (change) => seen.push(change));
      await closing.close();
      await assert.rejects(closing.get(`${root}/a`), /closed/);
      await assert.rejects(closing.put(`${root}/a`, 1), /closed/);
      await center.put(`${root}/a`, 1);
      await sleep(150);
      assert.equal(seen.length, 0);
      await closing.close();
    });
  });
}
