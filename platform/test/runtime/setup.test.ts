// defineService's setup hook and the kernel's ctx.rateLimits, on the embedded adapters: what setup returns reaches
// every hook, is closed at stop in the documented order, and the rate-limit store is opened on first use and closed by the kernel.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { defineContract, defineEvent } from '@mall/contracts';
import { defineConsumer, defineListener } from '../../src/bus/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/ratelimit/index.ts';
import { defineService, openInfrastructure, readSettings, type Infrastructure } from '../../src/runtime/index.ts';
import { startService } from '../../src/runtime/start-service.ts';

const KitchenContract = defineContract('kitchen', {
  ping: { input: Type.Object({}), output: Type.Object({ pong: Type.Boolean() }), idempotent: true, summary: 'Answers.' },
});
const DishServed = defineEvent({ subject: 'kitchen.served', version: 1, payload: Type.Object({ dish: Type.String() }) });

/** Writes what happens to it in a shared journal, so a test can read the order of events. */
class Oven {
  constructor(
    private readonly journal: string[],
    private readonly label: string,
  ) {}

  async close(): Promise<void> {
    this.journal.push(`${this.label}.close`);
  }
}

class Timer {
  constructor(private readonly journal: string[]) {}

  stop(): void {
    this.journal.push('timer.stop');
  }
}

/** A rate-limit store of the embedded kind that notes its close in the journal. */
function journaledStore(journal: string[]): RateLimitStore {
  const store = new MemoryRateLimitStore();
  return {
    limiter: (opts) => store.limiter(opts),
    consumeInOrder: (steps) => store.consumeInOrder(steps),
    close: async () => void journal.push('rateLimits.close'),
  };
}

let dir: string;
let infra: Infrastructure;
const log = createLogger({ service: 'kitchen', level: 'silent' });

/** The embedded infrastructure, with the rate-limit stores it opens counted and journaled. */
function spiedInfra(journal: string[], opened: { count: number }): Infrastructure {
  return {
    ...infra,
    openRateLimits: () => {
      opened.count += 1;
      return journaledStore(journal);
    },
  };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mall-runtime-setup-'));
  await mkdir(join(dir, 'migrations'));
  await writeFile(join(dir, 'migrations', '001_kitchen.sql'), 'CREATE TABLE served (dish text NOT NULL);');
  infra = await openInfrastructure(readSettings({ MALL_MODE: 'embedded', MALL_DATA_DIR: join(dir, 'data'), MALL_LOG_LEVEL: 'silent' }));
});
after(async () => {
  await infra.close();
  await rm(dir, { recursive: true, force: true });
});

describe('setup', () => {
  test('the object setup returns reaches handlers, consumers, listeners, jobs, http and start, the same one for all', async () => {
    const seen = new Map<string, unknown>();
    let made: unknown;
    const kitchen = defineService({
      name: 'kitchen',
      contract: KitchenContract,
      migrations: join(dir, 'migrations'),
      setup: async (ctx) => (made = { oven: new Oven([], 'oven'), instance: ctx.instanceId }),
      handlers: (_ctx, own) => {
        seen.set('handlers', own);
        // The type of `own` is inferred from setup: a wrong member would not compile.
        return { ping: async () => ({ pong: own.instance === 'kitchen-1' }) };
      },
      consumers: (_ctx, own) => {
        seen.set('consumers', own);
        return [defineConsumer({ name: 'waiter', event: DishServed, handle: async () => undefined })];
      },
      listeners: (_ctx, own) => {
        seen.set('listeners', own);
        return [defineListener({ event: DishServed, handle: () => undefined })];
      },
      jobs: (_ctx, own) => {
        seen.set('jobs', own);
        return [];
      },
      http: (_app, _ctx, own) => void seen.set('http', own),
      start: async (_ctx, own) => void seen.set('start', own),
    });
    const started = await startService(kitchen, infra, { instanceId: 'kitchen-1', log });
    const app = Fastify();
    await started.mountHttp(app);
    await app.close();
    assert.deepEqual([...seen.keys()].sort(), ['consumers', 'handlers', 'http', 'jobs', 'listeners', 'start']);
    for (const [hook, own] of seen) assert.equal(own, made, `${hook} got the object setup made`);
    assert.deepEqual(await started.bound?.methods.get('ping')?.invoke({}, { deadline: Date.now() + 5000, requestId: 'setup-test' }), {
      pong: true,
    });
    await started.stop();
  });

  test('at stop, after the start hook stopped, each member with close() or stop() is closed, last made first; then the kernel closes ctx.rateLimits', async () => {
    const journal: string[] = [];
    const kitchen = defineService({
      name: 'kitchen',
      setup: (ctx) => ({
        limits: ctx.rateLimits.limiter({ prefix: 'kitchen', points: 1, durationSeconds: 1 }),
        oven: new Oven(journal, 'oven'),
        recipe: { name: 'no close, left alone' },
        timer: new Timer(journal),
        grill: new Oven(journal, 'grill'),
      }),
      start: async () => async () => void journal.push('start hook stop'),
    });
    const started = await startService(kitchen, spiedInfra(journal, { count: 0 }), { instanceId: 'kitchen-2', log });
    assert.deepEqual(journal, []);
    await started.stop();
    assert.deepEqual(journal, ['start hook stop', 'grill.close', 'timer.stop', 'oven.close', 'rateLimits.close']);
  });

  test('a member that fails to close does not keep the others open', async () => {
    const journal: string[] = [];
    const broken = { close: async () => Promise.reject(new Error('stuck')) };
    const kitchen = defineService({ name: 'kitchen', setup: () => ({ oven: new Oven(journal, 'oven'), broken }) });
    const started = await startService(kitchen, infra, { instanceId: 'kitchen-3', log });
    await started.stop();
    assert.deepEqual(journal, ['oven.close']);
  });
});

describe('ctx.rateLimits', () => {
  test('is opened once, on first use, and closed by the kernel at stop', async () => {
    const journal: string[] = [];
    const opened = { count: 0 };
    const kitchen = defineService({ name: 'kitchen' });
    const started = await startService(kitchen, spiedInfra(journal, opened), { instanceId: 'kitchen-4', log });
    assert.equal(opened.count, 0, 'nothing opened before a service asks');
    const limiter = started.context.rateLimits.limiter({ prefix: 'kitchen-test', points: 1, durationSeconds: 60 });
    assert.equal((await limiter.consume('k')).allowed, true);
    assert.equal(
      (await started.context.rateLimits.limiter({ prefix: 'kitchen-test-2', points: 1, durationSeconds: 60 }).consume('k')).allowed,
      true,
    );
    assert.equal(opened.count, 1, 'one store for the service');
    await started.stop();
    assert.deepEqual(journal, ['rateLimits.close']);
  });

  test('a service that never uses it opens no store and closes none', async () => {
    const journal: string[] = [];
    const opened = { count: 0 };
    const started = await startService(defineService({ name: 'kitchen' }), spiedInfra(journal, opened), { instanceId: 'kitchen-5', log });
    await started.stop();
    assert.equal(opened.count, 0);
    assert.deepEqual(journal, []);
  });

  test('in the embedded mode it counts in process memory', async () => {
    const started = await startService(defineService({ name: 'kitchen' }), infra, { instanceId: 'kitchen-6', log });
    const limiter = started.context.rateLimits.limiter({ prefix: 'kitchen-memory', points: 1, durationSeconds: 60 });
    assert.equal((await limiter.consume('k')).allowed, true);
    assert.equal((await limiter.consume('k')).allowed, false);
    await started.stop();
  });
});
