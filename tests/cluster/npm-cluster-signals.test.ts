// `npm run cluster` as a process manager runs it: a SIGTERM sent to the npm process alone stops the
// launcher and every instance it started, and releases the gateway's port.
import { test } from 'node:test';
import { serverEnv } from '../fixture/harness.ts';
import { expectSigtermToNpmStopsAll, freePort } from '../integration/npm-script.ts';

test('a SIGTERM to the npm process of `npm run cluster` stops the launcher and every instance, and frees the port', async () => {
  // npm, the launcher, and one instance per service at least.
  await expectSigtermToNpmStopsAll(['run', 'cluster'], {
    port: await freePort(),
    env: { ...serverEnv, MALL_INSTANCES: '1', MALL_LOG_LEVEL: 'warn' },
    minProcesses: 4,
  });
});
