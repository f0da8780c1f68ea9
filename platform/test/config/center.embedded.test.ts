// Runs the ConfigCenter conformance suite against the embedded adapter, plus its file persistence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedConfigCenter } from '../../src/config/index.ts';
import { configCenterConformance } from './center-conformance.ts';

configCenterConformance('embedded', async (options) => new EmbeddedConfigCenter({ historyLimit: options?.historyLimit }));

describe('EmbeddedConfigCenter persisted to a file', () => {
  test('values, history and revisions survive closing and reopening the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mall-config-'));
    try {
      const file = join(dir, 'nested', 'center.json');
      const first = await EmbeddedConfigCenter.open({ file });
      const r1 = await first.put('gateway', { port: 1 });
      const r2 = await first.put('gateway', { port: 2 });
      await first.close();

      const second = await EmbeddedConfigCenter.open({ file });
      assert.deepEqual(await second.get('gateway'), { key: 'gateway', value: { port: 2 }, revision: r2 });
      assert.deepEqual(
        (await second.history('gateway')).map((entry) => entry.revision),
        [r2, r1],
      );
      const r3 = await second.rollback('gateway', r1);
      assert.ok(r3 > r2);
      assert.deepEqual((await second.get('gateway'))?.value, { port: 1 });
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a file that is not a config center state fails to open with a message naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mall-config-'));
    try {
      const file = join(dir, 'center.json');
      await writeFile(file, '{"something":"else"}');
      await assert.rejects(EmbeddedConfigCenter.open({ file }), new RegExp(`${file} is not a config center state`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
