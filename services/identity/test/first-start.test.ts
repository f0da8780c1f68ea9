// What happens on a brand-new database (created for this test, dropped after): two instances
// starting together create one admin, a generated admin password is printed once, and signing keys
// rotate with the old key published until its tokens expire.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { AccessToken } from '@mall/contracts/identity';
import { openDatabase, type Database, type ServiceDb } from '@mall/platform/db';
import { migrateIdempotency, pruneIdempotency } from '@mall/platform/idempotency';
import type { RunningInstance } from '@mall/platform/runtime';
import { expectFailure } from '@mall/platform/testkit';
import { pruneExpired } from '../src/jobs.ts';
import { SigningKeys } from '../src/keys.ts';
import { connectIdentity, postgresUrl, startIdentity, uniqueEmail, type IdentityClient } from './harness.ts';

/** A fresh database on the test server, so "first start" really is one on every run. */
async function freshDatabase(server: ServiceDb, label: string): Promise<{ name: string; url: string }> {
  const name = `identity_${label}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await server.query(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

describe('identity on a brand-new database', () => {
  let server: Database;
  const databases: string[] = [];
  const opened: Database[] = [];
  const instances: RunningInstance[] = [];
  const clients: IdentityClient[] = [];
  const savedEnv = { email: process.env.MALL_IDENTITY_ADMIN_EMAIL, password: process.env.MALL_IDENTITY_ADMIN_PASSWORD };

  async function fresh(label: string): Promise<{ url: string; db: ServiceDb }> {
    const created = await freshDatabase(server.forService('identity'), label);
    databases.push(created.name);
    const database = await openDatabase({ driver: 'pg', url: created.url, poolSize: 2 });
    opened.push(database);
    return { url: created.url, db: database.forService('identity') };
  }

  async function start(url: string, count: number): Promise<IdentityClient> {
    const started = await Promise.all(Array.from({ length: count }, () => startIdentity({ postgresUrl: url })));
    instances.push(...started);
    const conn = await connectIdentity(started.map((i) => i.url));
    clients.push(conn);
    return conn;
  }

  before(async () => {
    server = await openDatabase({ driver: 'pg', url: postgresUrl, poolSize: 1 });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(instances.map((i) => i.shutdown('test over')));
    await Promise.all(opened.map((d) => d.close()));
    for (const name of databases) await server.forService('identity').query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await server.close();
    for (const [name, value] of [
      ['MALL_IDENTITY_ADMIN_EMAIL', savedEnv.email],
      ['MALL_IDENTITY_ADMIN_PASSWORD', savedEnv.password],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('two instances starting together create exactly one admin, with the configured email and password', async () => {
    const { url, db } = await fresh('boot');
    const email = uniqueEmail('admin');
    process.env.MALL_IDENTITY_ADMIN_EMAIL = email.toUpperCase();
    process.env.MALL_IDENTITY_ADMIN_PASSWORD = 'configured admin secret';
    const conn = await start(url, 2);
    await start(url, 1); // a later restart creates nobody
    const [counts] = await db.query<{ users: number; admins: number; markers: number }>(
      `SELECT (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM user_roles WHERE role = 'admin') AS admins,
              (SELECT count(*)::int FROM bootstrap) AS markers`,
    );
    assert.deepEqual(counts, { users: 1, admins: 1, markers: 1 });
    const session = await conn.client.login({ email, password: 'configured admin secret' });
    assert.deepEqual(session.user.roles, ['admin']);
    assert.equal(session.user.email, email);
  });

  test('the last admin cannot lose the admin role, even to two concurrent revocations', async () => {
    const { url } = await fresh('last');
    const email = uniqueEmail('lastadmin');
    process.env.MALL_IDENTITY_ADMIN_EMAIL = email;
    process.env.MALL_IDENTITY_ADMIN_PASSWORD = 'configured admin secret';
    const conn = await start(url, 1);
    const admin = (await conn.client.login({ email, password: 'configured admin secret' })).user;
    await expectFailure(conn.client.revokeRole({ userId: admin.id, role: 'admin' }), 'LAST_ADMIN', 409);
    const { user: second } = await conn.client.register({
      idempotencyKey: `it-${randomUUID()}`,
      email: uniqueEmail('second'),
      password: 'a good password',
    });
    await conn.client.grantRole({ userId: second.id, role: 'admin' });
    const outcomes = await Promise.allSettled([admin.id, second.id].map((userId) => conn.client.revokeRole({ userId, role: 'admin' })));
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    const holders = await Promise.all(
      [admin.id, second.id].map(async (userId) => (await conn.client.getProfile({ userId })).roles.includes('admin')),
    );
    assert.equal(holders.filter(Boolean).length, 1);
  });

  test('without a configured password the admin gets a generated one, printed once', async () => {
    const { url } = await fresh('gen');
    const email = uniqueEmail('genadmin');
    process.env.MALL_IDENTITY_ADMIN_EMAIL = email;
    delete process.env.MALL_IDENTITY_ADMIN_PASSWORD;
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (String(chunk).startsWith('identity: first admin')) printed.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    let conn: IdentityClient;
    try {
      conn = await start(url, 1);
      await start(url, 1);
    } finally {
      process.stdout.write = write;
    }
    assert.equal(printed.length, 1, 'printed exactly once');
    const password = /generated password (\S+)/.exec(printed[0] ?? '')?.[1];
    assert.ok(password && password.length >= 16, 'a long random password');
    assert.deepEqual((await conn.client.login({ email, password })).user.roles, ['admin']);
  });

  test('a rotated key stays in the JWKS until its tokens have expired, so tokens it signed keep verifying', async () => {
    const { url, db } = await fresh('keys');
    process.env.MALL_IDENTITY_ADMIN_EMAIL = uniqueEmail('keyadmin');
    process.env.MALL_IDENTITY_ADMIN_PASSWORD = 'configured admin secret';
    const conn = await start(url, 1);
    const session = await conn.client.login({ email: process.env.MALL_IDENTITY_ADMIN_EMAIL, password: 'configured admin secret' });
    const oldKid = decodeProtectedHeader(session.accessToken).kid;
    const keys = new SigningKeys(db, () => ({ accessTokenTtlSeconds: 900, rotateAfterHours: 24 }));
    await keys.rotate({ force: true });
    const newKid = await keys.activeKid();
    assert.ok(newKid && newKid !== oldKid);

    const afterRotation = (await conn.client.jwks({})).keys;
    assert.deepEqual(new Set(afterRotation.map((k) => k.kid)), new Set([oldKid, newKid]));
    const verify = (jwks: typeof afterRotation) =>
      jwtVerify(session.accessToken, createLocalJWKSet({ keys: jwks }), { issuer: AccessToken.issuer, audience: AccessToken.audience });
    assert.equal((await verify(afterRotation)).payload.sub, session.user.id);

    // Once every token the old key could have signed has expired, it is no longer published.
    await db.query(`UPDATE signing_keys SET retired_at = now() - interval '1 hour' WHERE kid = $1`, [oldKid]);
    const later = (await conn.client.jwks({})).keys;
    assert.deepEqual(
      later.map((k) => k.kid),
      [newKid],
    );
    await assert.rejects(verify(later));
  });

  test('pruning deletes dead sessions, long-retired keys and (the kernel) old idempotency records, and keeps what may still be used', async () => {
    const { db } = await fresh('prune');
    await db.migrate(fileURLToPath(new URL('../migrations', import.meta.url)));
    // As the runtime does: the kernel's migration keeps the idempotency table identity's 001 made.
    assert.deepEqual(await migrateIdempotency(db), ['idempotency_0001_records.sql']);
    const [user] = await db.query<{ id: string }>(`INSERT INTO users (email, password_hash) VALUES ('p@test.mall', 'x') RETURNING id`);
    const family = async (label: string, createdAgo: string, revokedAgo: string | null, tokenExpiresIn: string): Promise<void> => {
      const [f] = await db.query<{ id: string }>(
        `INSERT INTO refresh_families (user_id, created_at, revoked_at) VALUES ($1, now() - $2::interval, now() - $3::interval) RETURNING id`,
        [user?.id, createdAgo, revokedAgo],
      );
      await db.query(`INSERT INTO refresh_tokens (family_id, token_hash, expires_at) VALUES ($1, $2, now() + $3::interval)`, [
        f?.id,
        label,
        tokenExpiresIn,
      ]);
    };
    await family('live', '40 days', null, '20 days');
    await family('recently-revoked', '1 day', '1 hour', '29 days');
    await family('long-revoked', '20 days', '8 days', '10 days');
    await family('long-expired', '60 days', null, '-10 days');
    await db.query(
      `INSERT INTO idempotency (scope, key, fingerprint, result, created_at) VALUES ('t', 'old', 'f', '{}', now() - interval '2 days'), ('t', 'new', 'f', '{}', now())`,
    );
    await db.query(
      `INSERT INTO signing_keys (kid, private_jwk, public_jwk, retired_at) VALUES ('old', '{}', '{}', now() - interval '8 days'), ('recent', '{}', '{}', now() - interval '1 hour')`,
    );

    assert.deepEqual(await pruneExpired(db), { families: 2, signingKeys: 1 });
    assert.equal(await pruneIdempotency(db), 1);
    const left = await db.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens ORDER BY token_hash');
    assert.deepEqual(
      left.map((r) => r.token_hash),
      ['live', 'recently-revoked'],
    );
    assert.deepEqual(
      (await db.query<{ key: string }>('SELECT key FROM idempotency')).map((r) => r.key),
      ['new'],
    );
    assert.deepEqual(
      (await db.query<{ kid: string }>('SELECT kid FROM signing_keys')).map((r) => r.kid),
      ['recent'],
    );
    assert.deepEqual(await pruneExpired(db), { families: 0, signingKeys: 0 });
    assert.equal(await pruneIdempotency(db), 0);
  });

  test('instances that find a missing key at the same time create one active key', async () => {
    const { db } = await fresh('race');
    await db.migrate(fileURLToPath(new URL('../migrations', import.meta.url)));
    const rings = Array.from({ length: 4 }, () => new SigningKeys(db, () => ({ accessTokenTtlSeconds: 900, rotateAfterHours: 24 })));
    const kids = await Promise.all(
      rings.map(async (ring) => decodeProtectedHeader((await ring.signAccessToken(randomUUID(), { email: 'a@b.c', roles: [] })).token).kid),
    );
    assert.equal(new Set(kids).size, 1);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM signing_keys');
    assert.equal(row?.n, 1);
  });
});
