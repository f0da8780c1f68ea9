// The Bloom filter and the known-keys set built on it: no false negatives, a false-positive rate near the one
// asked for, rebuilds from the loader's list, and additions that survive a rebuild in progress.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BloomFilter, bloomSize } from '../../src/cache/bloom-filter.ts';
import { KnownKeys } from '../../src/cache/known-keys.ts';

describe('bloom filter', () => {
  test('every added item is reported as maybe present', () => {
    const filter = new BloomFilter(10_000, 0.01);
    for (let i = 0; i < 10_000; i++) filter.add(`sku-${i}`);
    for (let i = 0; i < 10_000; i++) assert.equal(filter.mightContain(`sku-${i}`), true, `sku-${i}`);
  });

  test('items never added are refused at about the false-positive rate asked for', () => {
    const filter = new BloomFilter(10_000, 0.01);
    for (let i = 0; i < 10_000; i++) filter.add(`product-${i}`);
    let falsePositives = 0;
    for (let i = 0; i < 20_000; i++) if (filter.mightContain(`stranger-${i}`)) falsePositives++;
    // 1 % asked: expect ~200 of 20 000; three times that would mean the hashes are correlated.
    assert.ok(falsePositives < 600, `${falsePositives} false positives of 20000`);
  });

  test('is sized by the textbook formula and refuses nonsense sizes', () => {
    assert.deepEqual(bloomSize(1000, 0.01), { bits: 9586, hashes: 7 });
    assert.throws(() => bloomSize(0, 0.01), RangeError);
    assert.throws(() => bloomSize(10, 1), RangeError);
  });
});

describe('known keys', () => {
  const noFailure = (err: unknown) => assert.fail(err as Error);

  test('the first lookup builds the filter from the list; an unlisted key is refused, a listed one passes', async () => {
    let listed = 0;
    const known = new KnownKeys({ list: async () => (listed++, ['p-1', 'p-2']) }, noFailure);
    assert.equal(await known.mightExist('p-1'), true);
    assert.equal(await known.mightExist('p-404'), false);
    assert.equal(listed, 1);
  });

  test('an added key passes at once, and a rebuild reads the list again', async () => {
    let ids = ['p-1'];
    const known = new KnownKeys({ list: async () => ids }, noFailure);
    await known.rebuild();
    assert.equal(await known.mightExist('p-2'), false);
    known.add('p-2');
    assert.equal(await known.mightExist('p-2'), true);
    ids = ['p-1', 'p-3'];
    await known.rebuild();
    assert.equal(await known.mightExist('p-3'), true);
  });

  test('a key added while a rebuild reads an older list is kept in the new filter', async () => {
    let release!: (ids: string[]) => void;
    const known = new KnownKeys({ list: () => new Promise<string[]>((resolve) => (release = resolve)) }, noFailure);
    const rebuilding = known.rebuild();
    known.add('p-new');
    release(['p-old']);
    await rebuilding;
    assert.equal(await known.mightExist('p-new'), true);
    assert.equal(await known.mightExist('p-old'), true);
  });

  test('a list that cannot be read lets every key through (fail open) and is reported', async () => {
    const failures: unknown[] = [];
    const known = new KnownKeys(
      {
        list: async () => {
          throw new Error('database away');
        },
      },
      (err) => failures.push(err),
    );
    assert.equal(await known.mightExist('anything'), true);
    assert.equal(await known.mightExist('else'), true);
    assert.equal(failures.length, 1);
  });
});
