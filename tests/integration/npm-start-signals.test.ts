// `npm start` as a process manager runs it: a SIGTERM sent to the npm process alone (not to its group)
// stops the whole mall, every process of the tree, and releases the port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort, killAll, portIsFree, processTree, startNpmScript, waitForExit, waitUntilServing } from './npm-script.ts';

test('a SIGTERM to the npm process of `npm start` stops every process of the mall and frees its port', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mall-signals-'));
  const port = await freePort();
  const script = startNpmScript(['start'], { PORT: String(port), MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'warn' });
  let tree: number[] = [];
  try {
    await waitUntilServing(script, `http://127.0.0.1:${port}/readyz`, 120_000);
    tree = processTree(script.npm.pid!);
    assert.ok(tree.length >= 2, `npm and the mall under it, found ${tree.join(', ')}`);
    script.npm.kill('SIGTERM');
    const left = await waitForExit(tree, 30_000);
    assert.deepEqual(left, [], `still running 30 s after SIGTERM to npm:\n${script.output()}`);
    assert.ok(await portIsFree(port), `port ${port} is still held`);
  } finally {
    killAll(alive(tree.length ? tree : [script.npm.pid!]));
    await rm(dataDir, { recursive: true, force: true });
  }
});
