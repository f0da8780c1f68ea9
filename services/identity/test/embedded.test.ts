// Identity in the all-in-one host on PGlite: the same migrations, transactions and key store work on
// the embedded database (one connection, queued transactions), called in process as another service calls it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { AccessToken, IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { expectFailure, startEmbedded, type EmbeddedHost } from '@mall/platform/testkit';
import identityService from '../src/service.ts';
import { idempotencyKey, uniqueEmail } from './harness.ts';

describe('identity in the all-in-one host (PGlite)', () => {
  let host: EmbeddedHost;
  let client: Client<typeof IdentityContract>;

  before(async () => {
    host = await startEmbedded([identityService]);
    client = host.client(IdentityContract);
  });
  after(() => host.shutdown('test over'));

  test('register, login, JWKS verification, refresh rotation and reuse detection work on PGlite', async () => {
    const email = uniqueEmail('embedded');
    const { user } = await client.register({ idempotencyKey: idempotencyKey(), email, password: 'a good password' });
    const session = await client.login({ email, password: 'a good password' });
    const { keys } = await client.jwks({});
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet({ keys }), {
      issuer: AccessToken.issuer,
      audience: AccessToken.audience,
    });
    assert.equal(payload.sub, user.id);
    const next = await client.refresh({ refreshToken: session.refreshToken });
    await expectFailure(client.refresh({ refreshToken: session.refreshToken }), 'INVALID_REFRESH_TOKEN');
    await expectFailure(client.refresh({ refreshToken: next.refreshToken }), 'INVALID_REFRESH_TOKEN');
  });

  test('addresses keep one default on PGlite', async () => {
    const { user } = await client.register({
      idempotencyKey: idempotencyKey(),
      email: uniqueEmail('embedded-addr'),
      password: 'a good password',
    });
    const home = {
      recipient: 'Li Lei',
      phone: '+86 138 0000 0000',
      line1: '1 Nanjing Road',
      city: 'Shanghai',
      postalCode: '200001',
      country: 'CN',
    };
    const first = await client.createAddress({ userId: user.id, idempotencyKey: idempotencyKey(), ...home });
    const second = await client.createAddress({ userId: user.id, idempotencyKey: idempotencyKey(), ...home, isDefault: true });
    const { addresses } = await client.listAddresses({ userId: user.id });
    assert.deepEqual(
      addresses.filter((a) => a.isDefault).map((a) => a.id),
      [second.id],
    );
    assert.ok(addresses.some((a) => a.id === first.id && !a.isDefault));
  });
});
