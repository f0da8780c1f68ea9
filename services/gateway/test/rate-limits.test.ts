// Rate limits and brute-force lockout over real HTTP: a real identity (PostgreSQL, Redis) behind a gateway
// found through etcd. Each test calls from its own loopback address, so its counts are its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConfigCenter, type ConfigCenter } from '@mall/platform/config';
import type { RunningInstance } from '@mall/platform/runtime';
import { allInOneForSuite, Browser, serverEnv, startGateway, startIdentity, uniqueEmail, type Answer } from './harness.ts';

const PASSWORD = 'a good password';
const WRONG = 'not the password';

function assertRateLimited(answer: Answer, maxSeconds: number): number {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'RATE_LIMITED');
  const header = String(answer.headers['retry-after']);
  assert.match(header, /^[1-9][0-9]*$/, `Retry-After "${header}"`);
  const seconds = Number(header);
  assert.ok(seconds <= maxSeconds, `Retry-After ${seconds} > ${maxSeconds}`);
  assert.equal(answer.body.error.details.retryAfterSeconds, seconds);
  return seconds;
}

async function register(browser: Browser, label: string): Promise<string> {
  const email = uniqueEmail(label);
  const answer = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return email;
}

const login = (browser: Browser, email: string, password: string): Promise<Answer> =>
  browser.call('POST', '/api/auth/login', { body: { email, password } });

async function failLogins(browser: Browser, emails: string[]): Promise<void> {
  for (const email of emails) assert.equal((await login(browser, email, WRONG)).status, 401);
}

describe('gateway rate limits over real HTTP', () => {
  let identity: RunningInstance;
  let gateway: RunningInstance;
  let center: ConfigCenter;
  const browsers: Browser[] = [];
  /** A browser with a loopback address of its own (the harness gives each one a fresh address). */
  const newBrowser = (): Browser => {
    const browser = new Browser(gateway.url);
    browsers.push(browser);
    return browser;
  };

  before(async () => {
    identity = await startIdentity();
    gateway = await startGateway();
    center = await createConfigCenter('etcd', { endpoints: serverEnv.MALL_ETCD_ENDPOINTS!.split(',') });
  });
  after(async () => {
    await center.close();
    await Promise.all(browsers.map((b) => b.close()));
    await gateway.shutdown('test over');
    await identity.shutdown('test over');
  });

  test('the 6th login after 5 failures for an account is 429 with Retry-After, even with the right password', async () => {
    const browser = newBrowser();
    const email = await register(browser, 'lockout');
    await failLogins(browser, Array(5).fill(email));
    assertRateLimited(await login(browser, email, PASSWORD), 15 * 60);
    // The lock is on the account, whatever the address: another one is refused too.
    assertRateLimited(await login(newBrowser(), email.toUpperCase(), PASSWORD), 15 * 60);
  });

  test('a successful login clears the failures of its account', async () => {
    const browser = newBrowser();
    const email = await register(browser, 'reset');
    await failLogins(browser, Array(4).fill(email));
    assert.equal((await login(browser, email, PASSWORD)).status, 200);
    await failLogins(browser, Array(5).fill(email));
    assertRateLimited(await login(browser, email, PASSWORD), 15 * 60);
  });

  test('the 21st login after 20 failures from one address is 429, across different accounts; other addresses still sign in', async () => {
    const browser = newBrowser();
    const email = await register(newBrowser(), 'ip-victim');
    await failLogins(
      browser,
      Array.from({ length: 20 }, (_, i) => uniqueEmail(`ip-${i}`)),
    );
    assertRateLimited(await login(browser, email, PASSWORD), 15 * 60);
    assert.equal((await login(newBrowser(), email, PASSWORD)).status, 200);
  });

  test('a clientIp in the public login body is refused, so a caller cannot pick the address it is counted under', async () => {
    const answer = await newBrowser().call('POST', '/api/auth/login', {
      body: { email: uniqueEmail('spoof'), password: WRONG, clientIp: '10.0.0.1' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
  });

  test('a per-address route limit set in the config center applies within 1 s, answers 429 with Retry-After, and goes away when removed', async () => {
    const route = 'POST /api/auth/logout';
    const logout = (browser: Browser): Promise<Answer> =>
      browser.call('POST', '/api/auth/logout', { body: { refreshToken: 'x'.repeat(32) } });
    const previous = (await center.get('gateway'))?.value as Record<string, unknown> | undefined;
    const restore = async (): Promise<void> =>
      previous === undefined ? center.delete('gateway') : void (await center.put('gateway', previous));
    after(restore);
    const limits = { routes: { [route]: { perIp: { points: 2, durationSeconds: 30 } } } };
    await center.put('gateway', { ...previous, rateLimits: limits });

    // Each probe comes from a fresh address: the third logout of an address is refused once the limit is live.
    const started = Date.now();
    for (;;) {
      const probe = newBrowser();
      const statuses = [(await logout(probe)).status, (await logout(probe)).status, (await logout(probe)).status];
      if (statuses[2] === 429) break;
      assert.deepEqual(statuses, [204, 204, 204]);
      assert.ok(Date.now() - started < 1000, 'the new limit was not applied within 1 s');
    }

    const limited = newBrowser();
    assert.equal((await logout(limited)).status, 204);
    assert.equal((await logout(limited)).status, 204);
    assertRateLimited(await logout(limited), 30);
    assert.equal((await logout(newBrowser())).status, 204, 'another address is not limited');
    assert.equal((await limited.call('GET', '/api/openapi.json')).status, 200, 'other routes of the address are not limited');

    await restore();
    const deadline = Date.now() + 1000;
    while ((await logout(limited)).status !== 204) {
      assert.ok(Date.now() < deadline, 'the limit was not lifted within 1 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  test('answers the edge limits judged carry RateLimit-Policy and RateLimit for the tightest quota, a 429 too, beside Retry-After', async () => {
    // The default limits: the address's own 100 per second is the tightest a fresh address meets.
    const fresh = await newBrowser().call('GET', '/api/openapi.json');
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers['ratelimit-policy'], '"perIp";q=100;w=1');
    // 99 left, unless a test run elsewhere on this machine shares the address's counter in Redis.
    const left = /^"perIp";r=([0-9]+);t=1$/.exec(String(fresh.headers['ratelimit']));
    assert.ok(left && Number(left[1]) <= 99 && Number(left[1]) >= 50, `RateLimit ${fresh.headers['ratelimit']}`);

    const route = 'POST /api/auth/refresh';
    const refresh = (browser: Browser): Promise<Answer> =>
      browser.call('POST', '/api/auth/refresh', { body: { refreshToken: 'x'.repeat(32) } });
    const previous = (await center.get('gateway'))?.value as Record<string, unknown> | undefined;
    const restore = async (): Promise<void> =>
      previous === undefined ? center.delete('gateway') : void (await center.put('gateway', previous));
    after(restore);
    await center.put('gateway', { ...previous, rateLimits: { routes: { [route]: { perIp: { points: 2, durationSeconds: 30 } } } } });
    const policy = `"${route} perIp";q=2;w=30`;
    const started = Date.now();
    while ((await refresh(newBrowser())).headers['ratelimit-policy'] !== policy) {
      assert.ok(Date.now() - started < 1000, 'the new limit was not applied within 1 s');
      await new Promise((r) => setTimeout(r, 25));
    }

    const limited = newBrowser();
    const first = await refresh(limited);
    assert.equal(first.status, 401, 'a refusal of the service behind is judged too');
    assert.equal(first.headers['ratelimit-policy'], policy);
    assert.match(String(first.headers['ratelimit']), new RegExp(`^"${route} perIp";r=1;t=([1-9]|1[0-5])$`));
    assert.match(String((await refresh(limited)).headers['ratelimit']), new RegExp(`^"${route} perIp";r=0;t=([1-9]|[12][0-9]|30)$`));
    const refused = await refresh(limited);
    const retryAfter = assertRateLimited(refused, 30);
    assert.equal(refused.headers['ratelimit-policy'], policy);
    assert.equal(refused.headers['ratelimit'], `"${route} perIp";r=0;t=${retryAfter}`);
  });
});

describe('brute-force lockout in the all-in-one host (counted in process memory)', () => {
  const suite = allInOneForSuite();

  test('the 6th login after 5 failures for an account is 429 with Retry-After', async () => {
    const email = await register(suite.browser, 'embedded-lockout');
    await failLogins(suite.browser, Array(5).fill(email));
    assertRateLimited(await login(suite.browser, email, PASSWORD), 15 * 60);
  });
});
