// The kernel's share of a service's schema, on the embedded adapters: every service with migrations gets the
// idempotency table after its own migrations, and the kernel's job prunes old records there without the service asking.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { once } from '../../src/idempotency/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { defineService, openInfrastructure, readSettings, type Infrastructure } from '../../src/runtime/index.ts';
import { startService } from '../../src/runtime/start-service.ts';
import { eventually } from '../bus/helpers.ts';

let dir: string;
let infra: Infrastructure;
const log = createLogger({ service: 'shelf', level: 'silent' });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mall-runtime-records-'));
  await mkdir(join(dir, 'migrations'));
  await writeFile(join(dir, 'migrations', '001_shelf.sql'), 'CREATE TABLE book (title text PRIMARY KEY);');
  infra = await openInfrastructure(readSettings({ MALL_MODE: 'embedded', MALL_DATA_DIR: join(dir, 'data'), MALL_LOG_LEVEL: 'silent' }));
});
after(async () => {
  await infra.close();
  await rm(dir, { recursive: true, force: true });
});

const shelf = () => defineService({ name: 'shelf', migrations: join(dir, 'migrations') });

test('a service with migrations can use once at its first start, with no migration of its own for it', async () => {
  const started = await startService(shelf(), infra, { instanceId: 'shelf-1', log });
  const { db } = started.context;
  const add = () =>
    db.transaction((tx) =>
      once(
        tx,
        { scope: 'add', key: 'k-1', request: { title: 'Ulysses' } },
        async () => (await tx.query<{ title: string }>("INSERT INTO book VALUES ('Ulysses') RETURNING title"))[0],
      ),
    );
  assert.deepEqual(await add(), { title: 'Ulysses' });
  assert.deepEqual(await add(), { title: 'Ulysses' });
  await started.stop();
});

test("the kernel's job prunes the records older than a day of a service that declares no job", async () => {
  const first = await startService(shelf(), infra, { instanceId: 'shelf-2', log });
  await first.context.db.query(
    "INSERT INTO idempotency (scope, key, fingerprint, result, created_at) VALUES ('add', 'stale', 'f', '{}', now() - interval '2 days'), ('add', 'fresh', 'f', '{}', now())",
  );
  await first.stop();
  // The job runs as soon as an instance holds its leadership: at the next start.
  const second = await startService(shelf(), infra, { instanceId: 'shelf-3', log });
  const keys = async () =>
    (await second.context.db.query<{ key: string }>("SELECT key FROM idempotency WHERE key IN ('stale', 'fresh') ORDER BY key")).map(
      (r) => r.key,
    );
  await eventually('the stale record pruned', async () => (await keys()).length === 1);
  assert.deepEqual(await keys(), ['fresh']);
  await second.stop();
});
