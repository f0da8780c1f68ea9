// Identity in the all-in-one host on PGlite: the same migrations, transactions and key store work on
// the embedded database (one connection, queued transactions), called in process by another service.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { MallError } from '@mall/contracts';
import { AccessToken, IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { defineService, readSettings, runAllInOne, type RunningHost } from '@mall/platform/runtime';
import identityService from '../src/service.ts';
import { idempotencyKey, uniqueEmail } from './harness.ts';

/** A stand-in for a service that calls identity (the gateway, later): it only needs the client. */
const caller = defineService({ name: 'identitycaller', dependsOn: [IdentityContract] });

describe('identity in the all-in-one host (PGlite)', () => {
  let host: RunningHost;
  let client: Client<typeof IdentityContract>;
  const dataDir = mkdtempSync(join(tmpdir(), 'mall-identity-'));

  before(async () => {
    host = await runAllInOne([identityService, caller], readSettings({ MALL_MODE: 'embedded', PORT: '0', MALL_DATA_DIR: dataDir, MALL_LOG_LEVEL: 'silent' }));
    const callerService = host.services.find((s) => s.definition.name === 'identitycaller');
    assert.ok(callerService);
    client = callerService.context.client(IdentityContract);
  });
  after(async () => {
    await host.shutdown('test over');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('register, login, JWKS verification, refresh rotation and reuse detection work on PGlite', async () => {
    const email = uniqueEmail('embedded');
    const { user } = await client.register({ idempotencyKey: idempotencyKey(), email, password: 'a good password' });
    const session = await client.login({ email, password: 'a good password' });
    const { keys } = await client.jwks({});
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet({ keys }), { issuer: AccessToken.issuer, audience: AccessToken.audience });
    assert.equal(payload.sub, user.id);
    const next = await client.refresh({ refreshToken: session.refreshToken });
    const reuse = await client.refresh({ refreshToken: session.refreshToken }).catch((e: unknown) => e);
    assert.ok(reuse instanceof MallError && reuse.code === 'INVALID_REFRESH_TOKEN');
    const dead = await client.refresh({ refreshToken: next.refreshToken }).catch((e: unknown) => e);
    assert.ok(dead instanceof MallError && dead.code === 'INVALID_REFRESH_TOKEN');
  });

  test('addresses keep one default on PGlite', async () => {
    const { user } = await client.register({ idempotencyKey: idempotencyKey(), email: uniqueEmail('embedded-addr'), password: 'a good password' });
    const home = { recipient: 'Li Lei', phone: '+86 138 0000 0000', line1: '1 Nanjing Road', city: 'Shanghai', postalCode: '200001', country: 'CN' };
    const first = await client.createAddress({ userId: user.id, idempotencyKey: idempotencyKey(), ...home });
    const second = await client.createAddress({ userId: user.id, idempotencyKey: idempotencyKey(), ...home, isDefault: true });
    const { addresses } = await client.listAddresses({ userId: user.id });
    assert.deepEqual(addresses.filter((a) => a.isDefault).map((a) => a.id), [second.id]);
    assert.ok(addresses.some((a) => a.id === first.id && !a.isDefault));
  });
});
