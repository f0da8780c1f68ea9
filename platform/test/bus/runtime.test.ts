// The bus as the runtime wires it, in the all-in-one host: ctx.bus publishes through the outbox,
// consumers and listeners declared in defineService run, and a graceful shutdown handles what was just published.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Type } from 'typebox';
import { defineEvent } from '@mall/contracts';
import { defineConsumer, defineListener, EmbeddedBroker, startListeners } from '../../src/bus/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { defineService, readSettings, runAllInOne, type RunningHost, type ServiceContext } from '../../src/runtime/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { callScope } from '../../src/rpc/index.ts';
import { encode, eventually } from './helpers.ts';

const ParcelShipped = defineEvent({ subject: 'parcels.shipped', version: 1, payload: Type.Object({ parcel: Type.String() }) });

let dir: string;
let host: RunningHost | undefined;

function parcelService(migrations: string) {
  return defineService({
    name: 'parcels',
    migrations,
    consumers: () => [
      defineConsumer({
        name: 'tracker',
        event: ParcelShipped,
        async handle({ parcel }, { tx }) {
          await tx.query('INSERT INTO tracked (parcel) VALUES ($1)', [parcel]);
        },
      }),
    ],
  });
}

/** A service with no schema at all that keeps a copy of what it hears, as the gateway keeps identity's policy. */
function watcherService(heard: string[]) {
  return defineService({
    name: 'watcher',
    listeners: () => [defineListener({ event: ParcelShipped, handle: ({ parcel }) => void heard.push(parcel) })],
  });
}

async function startHost(extra: ReturnType<typeof defineService>[] = []): Promise<{ host: RunningHost; ctx: ServiceContext }> {
  const started = await runAllInOne(
    [parcelService(join(dir, 'migrations')), ...extra],
    readSettings({ MALL_MODE: 'embedded', PORT: '0', MALL_DATA_DIR: join(dir, 'data'), MALL_LOG_LEVEL: 'silent' }),
  );
  const ctx = started.services[0]?.context;
  assert.ok(ctx);
  return { host: started, ctx };
}

const ship = (ctx: ServiceContext, parcel: string) => ctx.db.transaction((tx) => ctx.bus.publish(tx, ParcelShipped, { parcel }));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mall-bus-runtime-'));
  const migrations = join(dir, 'migrations');
  await mkdir(migrations);
  await writeFile(join(migrations, '001_tracked.sql'), 'CREATE TABLE tracked (parcel text NOT NULL);');
});
after(async () => {
  await host?.shutdown('test over');
  await rm(dir, { recursive: true, force: true });
});

test('a service publishes through ctx.bus and its declared consumer handles the event', async () => {
  const started = await startHost();
  host = started.host;
  await ship(started.ctx, 'p-1');
  await eventually('the parcel tracked', async () => (await started.ctx.db.query('SELECT parcel FROM tracked')).length === 1);
  await host.shutdown('next test');
  host = undefined;
});

test('a graceful shutdown of the all-in-one host handles the events published just before it', async () => {
  const started = await startHost();
  host = started.host;
  const parcels = Array.from({ length: 20 }, (_, i) => `p-late-${i}`);
  for (const p of parcels) await ship(started.ctx, p);
  await host.shutdown('right after publishing');
  host = undefined;
  const db = await openDatabase({ driver: 'pglite', dataDir: join(dir, 'data', 'pglite') });
  try {
    const rows = await db.forService('parcels').query<{ n: number }>("SELECT count(*)::int AS n FROM tracked WHERE parcel LIKE 'p-late-%'");
    const [outbox] = await db.forService('parcels').query<{ n: number }>('SELECT count(*)::int AS n FROM _outbox');
    assert.equal(rows[0]?.n, parcels.length);
    assert.equal(outbox?.n, 0);
  } finally {
    await db.close();
  }
});

test('a listener of a service without a schema hears the event another service published through its outbox', async () => {
  const heard: string[] = [];
  const started = await startHost([watcherService(heard)]);
  host = started.host;
  await ship(started.ctx, 'p-heard');
  await eventually('the watcher heard the parcel', () => heard.includes('p-heard'));
  await eventually(
    'the consumer handled it too',
    async () => (await started.ctx.db.query("SELECT parcel FROM tracked WHERE parcel = 'p-heard'")).length === 1,
  );
  await host.shutdown('next test');
  host = undefined;
  assert.deepEqual(heard, ['p-heard']);
});

test('a listener skips a payload that does not match the event schema and hears the next one', async () => {
  const broker = new EmbeddedBroker();
  const heard: string[] = [];
  const listening = await startListeners(
    broker,
    'watcher',
    [defineListener({ event: ParcelShipped, handle: ({ parcel }) => void heard.push(parcel) })],
    createLogger({ service: 'watcher', level: 'silent' }),
  );
  const publish = (id: string, payload: unknown) =>
    broker.publish({ id, subject: ParcelShipped.subject, data: encode(JSON.stringify(payload)), headers: {} });
  await publish('bad', { parcel: 42 });
  await publish('good', { parcel: 'p-good' });
  await eventually('the valid event', () => heard.length === 1);
  await listening.stop();
  await broker.close();
  assert.deepEqual(heard, ['p-good']);
});

test("a listener runs outside the publisher's call: the request that published does not lend it its deadline", async () => {
  const broker = new EmbeddedBroker();
  const scopes: unknown[] = [];
  const listening = await startListeners(
    broker,
    'watcher',
    [defineListener({ event: ParcelShipped, handle: () => void scopes.push(callScope.getStore()) })],
    createLogger({ service: 'watcher', level: 'silent' }),
  );
  const published = { id: 'in-a-request', subject: ParcelShipped.subject, data: encode(JSON.stringify({ parcel: 'p-1' })), headers: {} };
  await callScope.run({ deadline: 1, requestId: 'the-publishers-request' }, () => broker.publish(published));
  await eventually('the event is heard', () => scopes.length === 1);
  await listening.stop();
  await broker.close();
  assert.deepEqual(scopes, [undefined]);
});

test('a service with consumers but no migrations folder is refused at definition', () => {
  assert.throws(() => defineService({ name: 'nomigrations', consumers: () => [] }), /has consumers but no migrations folder/);
});
