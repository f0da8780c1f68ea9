// `npm start` as a process manager runs it: a SIGTERM sent to the npm process alone (not to its group)
// stops the whole mall, every process of the tree, and releases the port.
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectSigtermToNpmStopsAll, freePort } from './npm-script.ts';

test('a SIGTERM to the npm process of `npm start` stops every process of the mall and frees its port', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mall-signals-'));
  try {
    // npm and the mall under it.
    await expectSigtermToNpmStopsAll(['start'], {
      port: await freePort(),
      env: { MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'warn' },
      minProcesses: 2,
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
