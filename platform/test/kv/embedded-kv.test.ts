// EmbeddedKv against the kv conformance suite, plus what only the in-process store has:
// the TTL sweep, and the process-wide store that createKv("embedded") shares.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedKv, EmbeddedStore, createKv, sharedEmbeddedStore } from '../../src/kv/index.ts';
import { kvConformance } from './kv-conformance.ts';

const store = new EmbeddedStore();
after(() => store.stopSweeping());

kvConformance('embedded', (prefix) => new EmbeddedKv({ store, prefix }));

describe('embedded store', () => {
  test('the sweep drops expired keys that nobody reads again', async () => {
    const swept = new EmbeddedStore({ sweepIntervalMs: 20 });
    after(() => swept.stopSweeping());
    for (let i = 0; i < 10; i += 1) swept.set(`gone-${i}`, 'v', { ttlMs: 30 });
    swept.set('kept', 'v');
    swept.set('kept-with-ttl', 'v', { ttlMs: 60_000 });
    assert.equal(swept.heldKeyCount, 12);
    await sleep(120);
    assert.equal(swept.heldKeyCount, 2);
  });

  test('createKv("embedded") shares the process-wide store between kvs with the same prefix', async () => {
    const prefix = `shared-${process.pid}-${Date.now()}:`;
    const a = createKv('embedded', { prefix });
    const b = createKv('embedded', { prefix });
    after(() => Promise.all([a.close(), b.close()]));
    await a.set('k', 'v', { ttlMs: 1000 });
    assert.equal(await b.get('k'), 'v');
    assert.equal(sharedEmbeddedStore().get(`${prefix}k`), 'v');
  });
});
