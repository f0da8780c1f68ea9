// Local access-token verification against a cached JWKS: valid, expired, foreign and forged tokens,
// and refetching the keys on an unknown key id at most once per interval.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { MallError } from '@mall/contracts';
import { AccessToken } from '@mall/contracts/identity';
import { TokenVerifier } from '../../src/token-verifier.ts';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

const USER = '0b7c1a3e-6a55-4a0e-9b8a-2f1f3f2b9c11';

function token(key: SigningKey, overrides: { iss?: string; aud?: string; expiresAt?: number; sub?: string } = {}): Promise<string> {
  return new SignJWT({ email: 'li@shop.test', roles: ['customer'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(overrides.iss ?? AccessToken.issuer)
    .setAudience(overrides.aud ?? AccessToken.audience)
    .setSubject(overrides.sub ?? USER)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
    .sign(key.privateKey);
}

/** A verifier over a key set the test controls, with a clock the test moves. */
function verifierOver(published: SigningKey[], intervalMs = 5000) {
  const clock = { now: 1_000_000 };
  const state = { fetches: 0, fail: false };
  const verifier = new TokenVerifier({
    fetchKeys: async (): Promise<JSONWebKeySet> => {
      state.fetches += 1;
      if (state.fail) throw new MallError('UNAVAILABLE', 'identity is down');
      return { keys: published.map((k) => k.publicJwk) };
    },
    refetchIntervalMs: () => intervalMs,
    now: () => clock.now,
  });
  return { verifier, clock, state };
}

async function refusal(p: Promise<unknown>): Promise<MallError> {
  const err = await p.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof MallError, String(err));
  return err;
}

describe('token verifier', () => {
  test('a token signed by a published key gives its user, email and roles', async () => {
    const key = await signingKey('k1');
    const { verifier, state } = verifierOver([key]);
    assert.deepEqual(await verifier.verify(await token(key)), { userId: USER, email: 'li@shop.test', roles: ['customer'] });
    await verifier.verify(await token(key));
    assert.equal(state.fetches, 1, 'keys are cached');
  });

  test('expired, foreign-issuer, foreign-audience, garbage and tampered tokens are 401 UNAUTHORIZED', async () => {
    const key = await signingKey('k1');
    const { verifier } = verifierOver([key]);
    const bad = [
      await token(key, { expiresAt: Math.floor(Date.now() / 1000) - 60 }),
      await token(key, { iss: 'someone-else' }),
      await token(key, { aud: 'another-app' }),
      'garbage',
      (await token(key)).replace(/\.[^.]+$/, '.c2lnbmF0dXJl'),
    ];
    for (const t of bad) {
      const err = await refusal(verifier.verify(t));
      assert.deepEqual([err.code, err.status], ['UNAUTHORIZED', 401]);
    }
  });

  test('a verified token is remembered until its expiry: the same token costs one signature check, then one more once expired', async () => {
    const key = await signingKey('k1');
    const { verifier } = verifierOver([key]);
    const expSeconds = Math.floor(Date.now() / 1000) + 1;
    const soon = await token(key, { expiresAt: expSeconds });
    assert.equal(verifier.remembers(soon), false, 'nothing is remembered before a first check');
    for (let i = 0; i < 3; i++) assert.equal((await verifier.verify(soon)).userId, USER);
    assert.equal(verifier.signatureChecks, 1);
    assert.equal(verifier.remembers(soon), true);
    const other = await token(key, { sub: '7f1c2d3e-0000-4000-8000-000000000001' });
    assert.equal((await verifier.verify(other)).userId, '7f1c2d3e-0000-4000-8000-000000000001', 'another token is checked on its own');
    assert.equal(verifier.signatureChecks, 2);
    await new Promise((r) => setTimeout(r, expSeconds * 1000 - Date.now() + 50));
    assert.equal(verifier.remembers(soon), false, 'an expired token is no longer remembered');
    await verifier.verify(soon).catch(() => undefined);
    assert.equal(verifier.signatureChecks, 3, 'past its exp the token is checked again (and refused once past the tolerance)');
  });

  test('a remembered principal cannot be changed by whoever reads it', async () => {
    const key = await signingKey('k1');
    const { verifier } = verifierOver([key]);
    const t = await token(key);
    const principal = await verifier.verify(t);
    assert.throws(() => principal.roles.push('admin'), TypeError);
    assert.deepEqual((await verifier.verify(t)).roles, ['customer']);
  });

  test('a token signed by an unpublished key is refused even though it is well formed', async () => {
    const published = await signingKey('k1');
    const stranger = await signingKey('k1');
    const { verifier } = verifierOver([published]);
    assert.equal((await refusal(verifier.verify(await token(stranger)))).code, 'UNAUTHORIZED');
  });

  test('an unknown key id refetches the keys, so a rotated key is accepted', async () => {
    const old = await signingKey('old');
    const published = [old];
    const { verifier, clock, state } = verifierOver(published);
    await verifier.verify(await token(old));
    const rotated = await signingKey('new');
    published.unshift(rotated);
    clock.now += 5000;
    assert.equal((await verifier.verify(await token(rotated))).userId, USER);
    assert.equal(state.fetches, 2);
  });

  test('unknown key ids refetch at most once per interval, and concurrent ones share one fetch', async () => {
    const key = await signingKey('k1');
    const { verifier, clock, state } = verifierOver([key], 5000);
    await verifier.verify(await token(key));
    clock.now += 5000;
    const forged = await token(await signingKey('forged'));
    await Promise.all(Array.from({ length: 10 }, async () => assert.equal((await refusal(verifier.verify(forged))).code, 'UNAUTHORIZED')));
    assert.equal(state.fetches, 2, 'one refetch for ten concurrent unknown kids');
    clock.now += 4000;
    await refusal(verifier.verify(forged));
    assert.equal(state.fetches, 2, 'no refetch within the interval');
    clock.now += 1000;
    await refusal(verifier.verify(forged));
    assert.equal(state.fetches, 3, 'a refetch once the interval has passed');
  });

  test('keys that cannot be fetched make verification UNAVAILABLE, not a 401', async () => {
    const key = await signingKey('k1');
    const { verifier, state } = verifierOver([key]);
    state.fail = true;
    const err = await refusal(verifier.verify(await token(key)));
    assert.equal(err.code, 'UNAVAILABLE');
    state.fail = false;
    assert.equal((await verifier.verify(await token(key))).userId, USER, 'the next request fetches again');
  });
});
