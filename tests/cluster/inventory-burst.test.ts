// Inventory as the cluster runs it: two instances as real processes on the real servers, called through a
// balancing client. Bursts of 2,000 concurrent reservations never oversell, a multi-line reservation fails whole,
// and a SIGKILL of one instance mid-burst loses nothing: every acknowledged hold exists and the audit is clean.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InventoryContract } from '@mall/contracts/inventory';
import { StaticRegistry } from '@mall/platform/registry';
import { createClient, HttpTransport, type Client } from '@mall/platform/rpc';
import { Cluster } from '@mall/platform/runtime';
import { serverEnv } from '../fixture/harness.ts';

const inventoryModule = fileURLToPath(new URL('../../services/inventory/src/service.ts', import.meta.url));
const BURST = 2000;

let cluster: Cluster;
let registry: StaticRegistry;
let transport: HttpTransport;
let inventory: Client<typeof InventoryContract>;

before(async () => {
  const verbose = Boolean(process.env.MALL_TEST_VERBOSE);
  cluster = await Cluster.launch([{ service: 'inventory', module: inventoryModule, instances: 2 }], {
    env: { ...serverEnv, MALL_POSTGRES_POOL_SIZE: '8' },
    onLine: (prefix, line) => {
      if (verbose || /"level":"(error|fatal)"/.test(line)) process.stdout.write(`${prefix} ${line}\n`);
    },
  });
  // Exactly these two instances, balanced round robin; a call that fails on a dead one is retried on the other.
  registry = new StaticRegistry({ inventory: cluster.instances('inventory').map((i) => i.url) });
  transport = await HttpTransport.connect('inventory', registry, { healthIntervalMs: 200 });
  inventory = createClient(InventoryContract, transport, { timeoutMs: 30_000 });
});

after(async () => {
  await transport?.close();
  await registry?.close();
  await cluster?.stop();
});

async function stockedSku(onHand: number): Promise<string> {
  const skuId = randomUUID();
  await inventory.restock({ skuId, quantity: onHand, reason: 'cluster test stock', idempotencyKey: `t-${randomUUID()}` });
  return skuId;
}

/** Fires `BURST` reservations of `lines` at once; answers each ref with 'held' or the code it failed with. */
async function burst(lines: { skuId: string; quantity: number }[], onAnswer?: (answered: number) => void): Promise<Map<string, string>> {
  const outcomes = new Map<string, string>();
  await Promise.all(
    Array.from({ length: BURST }, async () => {
      const ref = `burst-${randomUUID()}`;
      const outcome = await inventory.reserve({ ref, lines, ttlSeconds: 600 }).then(
        (r) => r.status,
        (err: { code?: string }) => err.code ?? 'ERROR',
      );
      outcomes.set(ref, outcome);
      onAnswer?.(outcomes.size);
    }),
  );
  return outcomes;
}

function tally(outcomes: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes.values()) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

test('2,000 concurrent 1-unit reservations on two instances of a SKU holding 100: exactly 100 held, audit clean', async () => {
  const skuId = await stockedSku(100);
  assert.deepEqual(tally(await burst([{ skuId, quantity: 1 }])), { held: 100, INSUFFICIENT_STOCK: 1900 });
  const stock = await inventory.getStock({ skuId });
  assert.deepEqual([stock.onHand, stock.reserved], [100, 100]);
  assert.deepEqual((await inventory.audit({})).findings, []);
});

test('2,000 concurrent two-line reservations stop whole at the shorter SKU: 50 held, nothing half-reserved', async () => {
  const plenty = await stockedSku(100);
  const short = await stockedSku(50);
  const lines = [
    { skuId: plenty, quantity: 1 },
    { skuId: short, quantity: 1 },
  ];
  assert.deepEqual(tally(await burst(lines)), { held: 50, INSUFFICIENT_STOCK: 1950 });
  assert.equal((await inventory.getStock({ skuId: plenty })).reserved, 50, 'the long line holds only what the short one allowed');
  assert.equal((await inventory.getStock({ skuId: short })).reserved, 50);
  assert.deepEqual((await inventory.audit({})).findings, []);
});

test('an instance killed with SIGKILL mid-burst loses nothing: every acknowledged hold exists and the audit is clean', async (t) => {
  const skuId = await stockedSku(100);
  const [victim] = cluster.instances('inventory');
  assert.ok(victim);
  let killed: Promise<void> | undefined;
  const outcomes = await burst([{ skuId, quantity: 1 }], (answered) => {
    if (answered === 300 && !killed) killed = cluster.kill(victim);
  });
  await killed;
  assert.ok(killed, 'the instance was killed during the burst');
  const acknowledged = [...outcomes].filter(([, o]) => o === 'held').map(([ref]) => ref);
  const others = tally(outcomes);
  assert.ok(acknowledged.length <= 100, JSON.stringify(others));
  // Asked again by ref, every reservation of the burst is either held (acknowledged or not) or was never made.
  let existing = 0;
  for (const [ref, outcome] of outcomes) {
    const found = await inventory.getReservation({ ref }).then(
      (r) => r.status,
      (err: { code?: string }) => err.code ?? 'ERROR',
    );
    if (outcome === 'held') assert.equal(found, 'held', `acknowledged ${ref} must exist`);
    if (found === 'held') existing++;
    else assert.equal(found, 'NOT_FOUND', `${ref}: ${found}`);
  }
  const stock = await inventory.getStock({ skuId });
  assert.equal(stock.reserved, existing, 'reserved is exactly the holds that exist');
  assert.ok(stock.reserved <= 100);
  assert.deepEqual((await inventory.audit({})).findings, []);
  t.diagnostic(`answers: ${JSON.stringify(others)}; holds that exist: ${existing}`);
});

test('holds past their time are released once each by the expiry job, whichever instance runs it', async () => {
  const skus = await Promise.all(Array.from({ length: 10 }, () => stockedSku(2)));
  const refs = await Promise.all(
    skus.map(
      async (skuId) => (await inventory.reserve({ ref: `expiring-${randomUUID()}`, lines: [{ skuId, quantity: 2 }], ttlSeconds: 1 })).ref,
    ),
  );
  const deadline = Date.now() + 15_000;
  for (const ref of refs) {
    while ((await inventory.getReservation({ ref })).status !== 'expired') {
      assert.ok(Date.now() < deadline, `${ref} was not released in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  for (const skuId of skus) {
    const { entries } = await inventory.ledger({ skuId });
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['expiry', 'reserve', 'restock'],
      'one release per hold',
    );
    assert.equal((await inventory.getStock({ skuId })).available, 2);
  }
  assert.deepEqual((await inventory.audit({})).findings, []);
});
