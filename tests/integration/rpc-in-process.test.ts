// The all-in-one path of RPC: calls go straight into the handlers of the same process, through the
// same validation, typed errors and deadlines as over HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MallError } from '@mall/contracts';
import { readSettings, runAllInOne, type RunningHost } from '@mall/platform/runtime';
import type { Client } from '@mall/platform/rpc';
import { metrics } from '@mall/platform/observability';
import { FixtureContract } from '../fixture/contract.ts';
import fixture from '../fixture/service.ts';

async function deadlineCount(method: string): Promise<number> {
  const { values } = await metrics.rpcClientDuration.get();
  const hit = values.find(
    (v) => v.metricName?.endsWith('_count') && v.labels.method === method && v.labels.outcome === 'DEADLINE_EXCEEDED',
  );
  return hit?.value ?? 0;
}

describe('in-process RPC (all-in-one host)', () => {
  let host: RunningHost;
  let client: Client<typeof FixtureContract>;

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mall-rpc-'));
    host = await runAllInOne(
      [fixture],
      readSettings({ MALL_MODE: 'embedded', PORT: '0', MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'silent' }),
    );
    client = host.services[0]!.context.client(FixtureContract);
  });
  after(() => host.shutdown('test over'));

  test('a call reaches the handler and returns its output', async () => {
    assert.deepEqual(await client.echo({ text: 'ab', times: 2 }), { text: 'abab', instance: 'all-in-one' });
  });

  test('wrong JSON types are refused, not coerced, and every bad field is named', async () => {
    const err = await client.echo({ text: 5, times: '2' } as never).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal(err.status, 400);
    const paths = (err.details as { fields: { path: string }[] }).fields.map((f) => f.path);
    assert.ok(paths.includes('/text'), `fields: ${paths.join(',')}`);
    assert.ok(paths.includes('/times'), `fields: ${paths.join(',')}`);
  });

  test('unknown properties are refused', async () => {
    const err = await client.echo({ text: 'a', admin: true } as never).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'VALIDATION_FAILED');
  });

  test('a declared business error keeps its code and status', async () => {
    const err = await client.refuse({ reason: 'no' }).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'FIXTURE_REFUSED');
    assert.equal(err.status, 422);
    assert.equal(err.message, 'no');
  });

  test('an unexpected failure becomes INTERNAL without leaking its message', async () => {
    const err = await client.crash({}).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'INTERNAL');
    assert.doesNotMatch(err.message, /on purpose/);
  });

  test('the caller stops waiting at its deadline, and the deadline reaches downstream calls', async () => {
    const innerBefore = await deadlineCount('sleep');
    const started = Date.now();
    const err = await client.relaySleep({ ms: 2000 }, { timeoutMs: 150 }).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'DEADLINE_EXCEEDED');
    assert.ok(Date.now() - started < 1500, 'the call gave up long before the sleep ended');
    // The handler's own call to sleep asked for 60 s, yet it ended at the caller's deadline too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await deadlineCount('sleep'), innerBefore + 1);
  });

  test('the output is a copy shaped by the contract', async () => {
    const out = await client.settings({});
    assert.deepEqual(out, { greeting: 'hello', limit: 10, instance: 'all-in-one' });
  });
});
