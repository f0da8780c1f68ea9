// Scheduled jobs on real Redis: a singleton job runs on exactly one of two instances, and the other
// takes over when the first stops; runs of one job never overlap.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocks, type Locks } from '@mall/platform/locks';
import { createLogger } from '@mall/platform/observability';
import { JobRunner } from '@mall/platform/runtime';
import { serverEnv, uniqueId } from '../fixture/harness.ts';

const log = createLogger({ service: 'jobs-test', level: 'silent' });
const opened: Locks[] = [];
const locks = (): Locks => {
  const l = createLocks('redis', { url: serverEnv.MALL_REDIS_URL, prefix: `${uniqueId('jobs')}:` });
  opened.push(l);
  return l;
};
after(() => Promise.all(opened.map((l) => l.close())));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a singleton job runs on one instance only, and moves to another when that one stops', async () => {
  const prefix = uniqueId('jobs-shared');
  const a = createLocks('redis', { url: serverEnv.MALL_REDIS_URL, prefix: `${prefix}:` });
  const b = createLocks('redis', { url: serverEnv.MALL_REDIS_URL, prefix: `${prefix}:` });
  opened.push(a, b);
  const runs = { a: 0, b: 0 };
  const job = (who: 'a' | 'b') => ({ name: 'sweep', everyMs: 50, run: async () => void (runs[who] += 1) });
  const runnerA = new JobRunner('orders', [job('a')], a, log);
  const runnerB = new JobRunner('orders', [job('b')], b, log);
  await runnerA.start();
  await runnerB.start();
  await sleep(500);
  assert.ok(runs.a > 3, `a ran ${runs.a} times`);
  assert.equal(runs.b, 0, 'only the leader runs the job');
  await runnerA.stop();
  const aAtStop = runs.a;
  for (let i = 0; i < 60 && runs.b <= 3; i++) await sleep(50);
  assert.ok(runs.b > 3, `b took over within 3 s (${runs.b} runs)`);
  assert.equal(runs.a, aAtStop, 'a stopped for good');
  await runnerB.stop();
});

test('a job that is not a singleton runs on every instance, and its runs never overlap', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let runs = 0;
  const slow = {
    name: 'slow',
    everyMs: 20,
    singleton: false,
    run: async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(80);
      inFlight -= 1;
      runs += 1;
    },
  };
  const runner = new JobRunner('orders', [slow], locks(), log);
  await runner.start();
  await sleep(500);
  await runner.stop();
  assert.equal(maxInFlight, 1);
  assert.ok(runs >= 3, `${runs} runs`);
  assert.equal(inFlight, 0, 'stop waited for the run in progress');
});
