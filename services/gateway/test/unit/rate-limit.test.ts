// The edge rate limits on the in-memory store, through a bare Fastify app: which limit applies to which
// request, the Retry-After header, hot reconfiguration, and the defaults of the configuration group.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { MallError } from '@mall/contracts';
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitStep } from '@mall/platform/ratelimit';
import { installErrorShape } from '@mall/platform/rpc';
import { RateLimitsConfig } from '../../src/rate-limit-config.ts';
import { EdgeRateLimits, retryAfterHeader, type CheapToAuthenticate } from '../../src/rate-limit.ts';

const generous = { points: 1000, durationSeconds: 60 };
const config = (over: Partial<RateLimitsConfig>): RateLimitsConfig => ({
  enabled: true,
  global: generous,
  perIp: generous,
  perUser: generous,
  routes: {},
  ...over,
});

async function appWith(limits: EdgeRateLimits): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorShape(app);
  app.addHook('onRequest', limits.beforeAuthentication);
  app.addHook('onRequest', limits.afterAuthentication);
  app.addHook('onError', retryAfterHeader);
  app.get('/api/a', async () => ({ ok: true }));
  app.get('/api/b', async () => ({ ok: true }));
  app.get('/api/locked', async () => {
    throw new MallError('RATE_LIMITED', 'a service said so', { details: { retryAfterSeconds: 42 } });
  });
  after(() => app.close());
  return app;
}

const get = async (app: FastifyInstance, url: string, ip = '10.1.1.1') => app.inject({ method: 'GET', url, remoteAddress: ip });

describe('EdgeRateLimits', () => {
  test('the per-address limit refuses with 429 RATE_LIMITED and Retry-After; other addresses go on', async () => {
    const app = await appWith(new EdgeRateLimits(new MemoryRateLimitStore(), config({ perIp: { points: 2, durationSeconds: 30 } })));
    assert.deepEqual([(await get(app, '/api/a')).statusCode, (await get(app, '/api/b')).statusCode], [200, 200]);
    const refused = await get(app, '/api/a');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.equal(refused.json().error.details.limit, 'perIp');
    // A token bucket of 2 per 30 s gains one token every 15 s: that is how long the caller must wait.
    assert.equal(refused.headers['retry-after'], '15');
    assert.equal((await get(app, '/api/a', '10.1.1.2')).statusCode, 200);
  });

  test('a route limit applies to its route only; the global limit to everybody', async () => {
    const limits = new EdgeRateLimits(
      new MemoryRateLimitStore(),
      config({ routes: { 'GET /api/a': { total: { points: 1, durationSeconds: 10 } } } }),
    );
    const app = await appWith(limits);
    assert.equal((await get(app, '/api/a', '10.0.0.1')).statusCode, 200);
    const refused = await get(app, '/api/a', '10.0.0.2');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.details.limit, 'GET /api/a total');
    assert.equal((await get(app, '/api/b', '10.0.0.2')).statusCode, 200);

    limits.configure(config({ global: { points: 1, durationSeconds: 5 } }));
    assert.equal((await get(app, '/api/a', '10.0.0.3')).statusCode, 200, 'the route limit is gone after reconfiguring');
    assert.equal((await get(app, '/api/b', '10.0.0.4')).statusCode, 429);
  });

  test('when authentication is cheap the address limits are counted with the others, in one call to the store', async () => {
    const store = new CountingStore();
    const cheap: CheapToAuthenticate = (request) => request.headers['x-cheap'] === 'yes';
    const app = await appWith(new EdgeRateLimits(store, config({ perIp: { points: 2, durationSeconds: 30 } }), cheap));
    const send = (cheapToAuthenticate: boolean) =>
      app.inject({ method: 'GET', url: '/api/a', remoteAddress: '10.2.2.2', headers: cheapToAuthenticate ? { 'x-cheap': 'yes' } : {} });
    assert.equal((await send(true)).statusCode, 200);
    assert.deepEqual(store.calls, [['10.2.2.2', 'all']], 'one call: the address, then the global budget');
    store.calls.length = 0;
    assert.equal((await send(false)).statusCode, 200);
    assert.deepEqual(store.calls, [['10.2.2.2'], ['all']], 'a dear authentication is preceded by the address limits');
    // The deferred address limit still refuses, and names itself.
    const refused = await send(true);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.details.limit, 'perIp');
  });

  test('disabled limits count nothing', async () => {
    const app = await appWith(
      new EdgeRateLimits(new MemoryRateLimitStore(), config({ enabled: false, global: { points: 1, durationSeconds: 5 } })),
    );
    for (let i = 0; i < 3; i += 1) assert.equal((await get(app, '/api/a')).statusCode, 200);
  });

  test("a service's RATE_LIMITED answer gets Retry-After from its retryAfterSeconds", async () => {
    const app = await appWith(new EdgeRateLimits(new MemoryRateLimitStore(), config({})));
    const answer = await get(app, '/api/locked');
    assert.equal(answer.statusCode, 429);
    assert.equal(answer.headers['retry-after'], '42');
  });

  test('the configuration group defaults to generous limits, and refuses zero points', () => {
    const defaults = Value.Default(RateLimitsConfig, {}) as RateLimitsConfig;
    assert.deepEqual(defaults, {
      enabled: true,
      global: { points: 2000, durationSeconds: 1 },
      perIp: { points: 100, durationSeconds: 1 },
      perUser: { points: 100, durationSeconds: 1 },
      routes: { 'POST /api/seckill/grab': { perUser: { points: 5, durationSeconds: 1 } } },
    });
    assert.equal(Value.Check(RateLimitsConfig, { ...defaults, perIp: { points: 0, durationSeconds: 1 } }), false);
    assert.equal(Value.Check(RateLimitsConfig, { ...defaults, routes: { 'GET /elsewhere': { total: generous } } }), false);
  });
});

/** The in-memory store, recording the keys of each consumeInOrder call: one call is one round trip in Redis. */
class CountingStore extends MemoryRateLimitStore {
  readonly calls: string[][] = [];
  override consumeInOrder(steps: readonly RateLimitStep[]): Promise<RateLimitDecision[]> {
    this.calls.push(steps.map((s) => s.key));
    return super.consumeInOrder(steps);
  }
}
