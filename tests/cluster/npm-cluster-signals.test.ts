// `npm run cluster` as a process manager runs it: a SIGTERM sent to the npm process alone stops the
// launcher and every instance it started, and releases the gateway's port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverEnv } from '../fixture/harness.ts';
import {
  alive,
  freePort,
  killAll,
  portIsFree,
  processTree,
  startNpmScript,
  waitForExit,
  waitUntilServing,
} from '../integration/npm-script.ts';

test('a SIGTERM to the npm process of `npm run cluster` stops the launcher and every instance, and frees the port', async () => {
  const port = await freePort();
  const script = startNpmScript(['run', 'cluster'], { ...serverEnv, PORT: String(port), MALL_INSTANCES: '1', MALL_LOG_LEVEL: 'warn' });
  let tree: number[] = [];
  try {
    await waitUntilServing(script, `http://127.0.0.1:${port}/readyz`, 120_000);
    tree = processTree(script.npm.pid!);
    // npm, the launcher, and one instance per service at least.
    assert.ok(tree.length >= 4, `npm, the launcher and the instances, found ${tree.join(', ')}`);
    script.npm.kill('SIGTERM');
    const left = await waitForExit(tree, 30_000);
    assert.deepEqual(left, [], `still running 30 s after SIGTERM to npm:\n${script.output()}`);
    assert.ok(await portIsFree(port), `port ${port} is still held`);
  } finally {
    killAll(alive(tree.length ? tree : [script.npm.pid!]));
  }
});
