// The login guard on the in-memory rate-limit store: when it refuses before the password is checked,
// what counts as a failure, and what a success clears.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MallError } from '@mall/contracts';
import { MemoryRateLimitStore } from '@mall/platform/ratelimit';
import { LoginGuard } from '../../src/brute-force.ts';

const limits = { perAccount: 2, perIp: 3, windowSeconds: 60 };
const wrongPassword = async (): Promise<never> => {
  throw new MallError('INVALID_CREDENTIALS', 'wrong');
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof MallError);
  return err.code;
}

describe('LoginGuard', () => {
  test('after the allowed failures the account is refused with retryAfterSeconds, and the login is not even tried', async () => {
    const guard = new LoginGuard(new MemoryRateLimitStore(), limits);
    for (let i = 0; i < 2; i += 1) assert.equal(await codeOf(guard.guard({ email: 'a@b.co' }, wrongPassword)), 'INVALID_CREDENTIALS');
    let tried = false;
    const err = await guard.guard({ email: ' A@B.co ' }, async () => (tried = true)).catch((e: unknown) => e);
    assert.ok(err instanceof MallError);
    assert.equal(err.code, 'RATE_LIMITED');
    const seconds = (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
    assert.ok(Number.isInteger(seconds) && seconds >= 59 && seconds <= 60, `retryAfterSeconds ${seconds}`);
    assert.equal(tried, false);
  });

  test('failures from one address lock it for every account; calls without an address count per account only', async () => {
    const guard = new LoginGuard(new MemoryRateLimitStore(), limits);
    for (const email of ['1@b.co', '2@b.co', '3@b.co']) await codeOf(guard.guard({ email, clientIp: '10.0.0.9' }, wrongPassword));
    assert.equal(await codeOf(guard.guard({ email: '4@b.co', clientIp: '10.0.0.9' }, async () => 'session')), 'RATE_LIMITED');
    assert.equal(await guard.guard({ email: '4@b.co', clientIp: '10.0.0.10' }, async () => 'session'), 'session');
    assert.equal(await guard.guard({ email: '4@b.co' }, async () => 'session'), 'session');
  });

  test('a success clears the account; other failures (not wrong credentials) do not count', async () => {
    const guard = new LoginGuard(new MemoryRateLimitStore(), limits);
    await codeOf(guard.guard({ email: 'a@b.co' }, wrongPassword));
    assert.equal(await guard.guard({ email: 'a@b.co' }, async () => 'session'), 'session');
    await codeOf(guard.guard({ email: 'a@b.co' }, wrongPassword));
    const unavailable = async (): Promise<never> => {
      throw new MallError('UNAVAILABLE', 'database down');
    };
    for (let i = 0; i < 3; i += 1) assert.equal(await codeOf(guard.guard({ email: 'a@b.co' }, unavailable)), 'UNAVAILABLE');
    assert.equal(await codeOf(guard.guard({ email: 'a@b.co' }, wrongPassword)), 'INVALID_CREDENTIALS');
    assert.equal(await codeOf(guard.guard({ email: 'a@b.co' }, wrongPassword)), 'RATE_LIMITED');
  });
});
