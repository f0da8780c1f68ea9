// The persisted saga runner on both SQL adapters (PostgreSQL on the test server, PGlite in memory), in a schema of
// its own: steps run in order with their progress written, a refusal compensates in reverse, a transient failure is
// resumed from where it stopped, past the pivot nothing is undone, and a saga whose runner died is finished by recovery.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MallError } from '@mall/contracts';
import { openDatabase, type Database, type ServiceDb } from '@mall/platform/db';
import { createLogger } from '@mall/platform/observability';
import { testServers, uniqueName } from '@mall/platform/testkit';
import { pruneCheckoutLeftovers } from '../src/housekeeping.ts';
import { SagaRunner } from '../src/saga/saga-runner.ts';
import { createStep, defineSaga } from '../src/saga/steps.ts';

interface Trail {
  id: string;
  done: string[];
  undone: string[];
}

const log = createLogger({ service: 'order-saga-test', level: 'silent' });
const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
/** What each saga did, kept outside the saga state so compensations are seen even when state is not saved. */
const effects = new Map<string, { done: string[]; undone: string[] }>();
const effectsOf = (id: string) => effects.get(id) ?? effects.set(id, { done: [], undone: [] }).get(id)!;

/** A saga of three steps (b is the pivot when asked) where `fail` decides, per step and run, whether it throws. */
function trailSaga(fail: (step: string) => Error | undefined, pivot = false) {
  const step = (name: string, isPivot = false) =>
    createStep<Trail>(
      name,
      async (s) => {
        const err = fail(name);
        if (err) throw err;
        effectsOf(s.id).done.push(name);
        return { done: [...s.done, name] };
      },
      async (s) => {
        effectsOf(s.id).undone.push(name);
      },
      { pivot: isPivot },
    );
  return defineSaga<Trail>('trail', [step('a'), step('b', pivot), step('c')]);
}

const refused = () => new MallError('INSUFFICIENT_STOCK', 'no stock', { status: 409 });
const down = () => new MallError('UNAVAILABLE', 'down', { status: 503 });

for (const driver of ['pg', 'pglite'] as const) {
  describe(`saga runner (${driver})`, () => {
    let database: Database;
    let db: ServiceDb;
    let runner: SagaRunner;
    before(async () => {
      database =
        driver === 'pg' ? await openDatabase({ driver, url: testServers.MALL_POSTGRES_URL, poolSize: 2 }) : await openDatabase({ driver });
      db = database.forService(uniqueName('order_saga').replaceAll('-', '_'));
      await db.migrate(migrations);
      runner = new SagaRunner(db, { leaseMs: () => 60_000, maxAttempts: () => 3, log });
    });
    after(async () => {
      if (driver === 'pg') await db.query(`DROP SCHEMA ${db.schema} CASCADE`);
      await database.close();
    });

    async function begin(saga: ReturnType<typeof trailSaga>): Promise<string> {
      const id = randomUUID();
      await db.transaction((tx) => runner.begin(tx, saga, id, { id, done: [], undone: [] }));
      return id;
    }

    test('every step runs once, in order, and the saga ends done with the state they built', async () => {
      const saga = trailSaga(() => undefined);
      const id = await begin(saga);
      const result = await runner.drive(saga, id);
      assert.equal(result.status, 'done');
      assert.deepEqual(result.state.done, ['a', 'b', 'c']);
      const stored = await runner.get<Trail>(id);
      assert.deepEqual([stored?.status, stored?.step, stored?.state.done], ['done', 3, ['a', 'b', 'c']]);
    });

    test('a refused step compensates itself and the steps before it, in reverse, and records the refusal', async () => {
      const saga = trailSaga((s) => (s === 'c' ? refused() : undefined));
      const id = await begin(saga);
      const result = await runner.drive(saga, id);
      assert.equal(result.status, 'compensated');
      assert.deepEqual(effectsOf(id), { done: ['a', 'b'], undone: ['c', 'b', 'a'] });
      assert.deepEqual((await runner.get(id))?.error, { code: 'INSUFFICIENT_STOCK', message: 'no stock', status: 409 });
    });

    test('a transient failure leaves the saga to be resumed from the failed step, earlier steps not run again', async () => {
      let bDown = true;
      const saga = trailSaga((s) => (s === 'b' && bDown ? down() : undefined));
      const id = await begin(saga);
      await assert.rejects(runner.drive(saga, id), /down/);
      assert.deepEqual([(await runner.get(id))?.status, (await runner.get(id))?.step], ['running', 1]);
      bDown = false;
      assert.equal(await runner.claim(id), true, 'the lease was released, so a retry takes the saga at once');
      const result = await runner.drive(saga, id);
      assert.equal(result.status, 'done');
      assert.deepEqual(effectsOf(id).done, ['a', 'b', 'c']);
      assert.deepEqual(effectsOf(id).undone, []);
    });

    test('past the pivot a refusal is not compensated: the saga waits to be resumed', async () => {
      let cRefuses = true;
      const saga = trailSaga((s) => (s === 'c' && cRefuses ? refused() : undefined), true);
      const id = await begin(saga);
      await assert.rejects(runner.drive(saga, id), /no stock/);
      assert.equal((await runner.get(id))?.status, 'running');
      assert.deepEqual(effectsOf(id).undone, []);
      cRefuses = false;
      assert.equal(await runner.recover([saga], 100), 1);
      assert.equal((await runner.get(id))?.status, 'done');
    });

    test('a saga that keeps failing before its pivot is compensated after the configured attempts', async () => {
      const saga = trailSaga((s) => (s === 'b' ? down() : undefined));
      const id = await begin(saga);
      for (let attempt = 1; attempt < 3; attempt += 1) {
        await assert.rejects(runner.drive(saga, id));
        assert.equal(await runner.claim(id), true);
      }
      const result = await runner.drive(saga, id);
      assert.equal(result.status, 'compensated');
      assert.deepEqual(effectsOf(id).undone, ['b', 'a']);
    });

    test('a saga whose runner died is finished by recovery, and one still leased is left alone', async () => {
      const saga = trailSaga(() => undefined);
      const orphan = await begin(saga);
      const leased = await begin(saga);
      // The runner of `orphan` crashed after step a: its progress is written, its lease has lapsed.
      await db.query(
        `UPDATE sagas SET step = 1, state = state || '{"done":["a"]}', lease_until = now() - interval '1 second' WHERE id = $1`,
        [orphan],
      );
      await runner.recover([saga], 1000);
      const o = await runner.get<Trail>(orphan);
      assert.deepEqual([o?.status, o?.state.done], ['done', ['a', 'b', 'c']]);
      assert.equal((await runner.get(leased))?.status, 'running');
      assert.equal(await runner.claim(leased), false, 'a live lease is never taken');
    });

    test('pruning deletes tokens and finished sagas past the retention, never a running saga or one a kept token names', async () => {
      const saga = trailSaga(() => undefined);
      const ids = { oldDone: '', oldRunning: '', recentDone: '', oldDoneKeptToken: '', oldDoneOldToken: '' };
      for (const name of Object.keys(ids) as (keyof typeof ids)[]) {
        ids[name] = await begin(saga);
        if (name !== 'oldRunning') await runner.drive(saga, ids[name]);
      }
      const age = (id: string, days: number) =>
        db.query(`UPDATE sagas SET updated_at = now() - $2 * interval '1 day' WHERE id = $1`, [id, days]);
      for (const id of [ids.oldDone, ids.oldRunning, ids.oldDoneKeptToken, ids.oldDoneOldToken]) await age(id, 30);
      await age(ids.recentDone, 1);
      const token = async (orderId: string | null, expiredDaysAgo: number) => {
        const t = randomUUID();
        await db.query(
          `INSERT INTO submit_tokens (token, buyer_id, lines, expires_at, order_id) VALUES ($1, $2, '[]', now() - $3 * interval '1 day', $4)`,
          [t, randomUUID(), expiredDaysAgo, orderId],
        );
        return t;
      };
      const tokens = { old: await token(null, 30), recent: await token(null, 1), live: await token(null, -1) };
      const keptToken = await token(ids.oldDoneKeptToken, 1);
      await token(ids.oldDoneOldToken, 30);

      const week = 7 * 86_400;
      // A small batch: the job takes what is left on its next run.
      let pruned = { tokens: 0, sagas: 0 };
      for (;;) {
        const run = await pruneCheckoutLeftovers(db, { retentionSeconds: week, batchSize: 1 });
        if (run.tokens + run.sagas === 0) break;
        pruned = { tokens: pruned.tokens + run.tokens, sagas: pruned.sagas + run.sagas };
      }
      const left = new Set((await db.query<{ token: string }>('SELECT token FROM submit_tokens')).map((r) => r.token));
      assert.deepEqual(
        [left.has(tokens.old), left.has(tokens.recent), left.has(tokens.live), left.has(keptToken)],
        [false, true, true, true],
      );
      for (const [name, id] of Object.entries(ids)) {
        const expected = name === 'oldDone' || name === 'oldDoneOldToken' ? undefined : name;
        assert.equal((await runner.get(id)) ? name : undefined, expected, `saga ${name}`);
      }
      assert.ok(pruned.tokens >= 2 && pruned.sagas >= 2, JSON.stringify(pruned));
    });
  });
}
