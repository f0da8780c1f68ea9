// Shipping addresses over real HTTP on real PostgreSQL: CRUD, exactly one default, idempotent
// creation, another user's addresses invisible and untouchable, and bad input that changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningInstance } from '@mall/platform/runtime';
import { failureOf } from '@mall/platform/testkit';
import { connectIdentity, idempotencyKey, startIdentity, uniqueEmail, type IdentityClient } from './harness.ts';

const home = {
  recipient: 'Li Lei',
  phone: '+86 138 0000 0000',
  line1: '1 Nanjing Road',
  city: 'Shanghai',
  postalCode: '200001',
  country: 'CN',
};

describe('identity shipping addresses', () => {
  let instance: RunningInstance;
  let conn: IdentityClient;

  before(async () => {
    instance = await startIdentity();
    conn = await connectIdentity([instance.url]);
  });
  after(async () => {
    await conn.close();
    await instance.shutdown('test over');
  });

  async function newUser(label: string): Promise<string> {
    const { user } = await conn.client.register({
      idempotencyKey: idempotencyKey(),
      email: uniqueEmail(label),
      password: 'a good password',
    });
    return user.id;
  }

  const defaults = async (userId: string): Promise<string[]> =>
    (await conn.client.listAddresses({ userId })).addresses.filter((a) => a.isDefault).map((a) => a.id);

  test('addresses are created, read, listed, updated and deleted', async () => {
    const userId = await newUser('crud');
    const created = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line2: 'Flat 3' });
    assert.deepEqual(
      { ...created, id: undefined, createdAt: undefined, updatedAt: undefined },
      { ...home, line2: 'Flat 3', region: '', isDefault: true, id: undefined, createdAt: undefined, updatedAt: undefined },
    );
    assert.deepEqual(await conn.client.getAddress({ userId, addressId: created.id }), created);
    const updated = await conn.client.updateAddress({ userId, addressId: created.id, city: 'Hangzhou', postalCode: '310000' });
    assert.deepEqual([updated.city, updated.postalCode, updated.line1, updated.isDefault], ['Hangzhou', '310000', home.line1, true]);
    assert.deepEqual(
      (await conn.client.listAddresses({ userId })).addresses.map((a) => a.city),
      ['Hangzhou'],
    );
    assert.deepEqual(await conn.client.deleteAddress({ userId, addressId: created.id }), {});
    assert.deepEqual((await conn.client.listAddresses({ userId })).addresses, []);
    assert.equal((await failureOf(conn.client.getAddress({ userId, addressId: created.id }))).code, 'NOT_FOUND');
  });

  test('the first address is the default; choosing another default unsets the old one', async () => {
    const userId = await newUser('default');
    const first = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home });
    const second = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line1: '2 Second Street' });
    assert.deepEqual(await defaults(userId), [first.id]);
    const third = await conn.client.createAddress({
      userId,
      idempotencyKey: idempotencyKey(),
      ...home,
      line1: '3 Third Street',
      isDefault: true,
    });
    assert.deepEqual(await defaults(userId), [third.id]);
    await conn.client.updateAddress({ userId, addressId: second.id, isDefault: true });
    assert.deepEqual(await defaults(userId), [second.id]);
  });

  test('concurrent default changes still leave exactly one default', async () => {
    const userId = await newUser('race');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line1: `${i} Race Road` })).id);
    await Promise.all(ids.map((addressId) => conn.client.updateAddress({ userId, addressId, isDefault: true })));
    assert.equal((await defaults(userId)).length, 1);
  });

  test('deleting the default hands it to the most recently updated remaining address', async () => {
    const userId = await newUser('heir');
    const first = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home });
    const second = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line1: '2 Second Street' });
    const third = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line1: '3 Third Street' });
    await conn.client.updateAddress({ userId, addressId: second.id, recipient: 'Han Meimei' });
    await conn.client.deleteAddress({ userId, addressId: first.id });
    assert.deepEqual(await defaults(userId), [second.id]);
    assert.ok(third.id);
  });

  test('createAddress retried with the same idempotency key creates one address', async () => {
    const userId = await newUser('idem');
    const key = idempotencyKey();
    const input = { userId, idempotencyKey: key, ...home };
    const [a, b] = await Promise.all([conn.client.createAddress(input), conn.client.createAddress(input)]);
    const c = await conn.client.createAddress(input);
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
    assert.equal((await conn.client.listAddresses({ userId })).addresses.length, 1);
    const reused = await failureOf(conn.client.createAddress({ ...input, city: 'Beijing' }));
    assert.equal(reused.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test("another user's address is NOT_FOUND for get, update and delete, and nothing changes", async () => {
    const owner = await newUser('owner');
    const intruder = await newUser('intruder');
    const address = await conn.client.createAddress({ userId: owner, idempotencyKey: idempotencyKey(), ...home });
    const missing = await failureOf(conn.client.getAddress({ userId: intruder, addressId: '00000000-0000-4000-8000-000000000000' }));
    const calls = [
      () => conn.client.getAddress({ userId: intruder, addressId: address.id }),
      () => conn.client.updateAddress({ userId: intruder, addressId: address.id, city: 'Nowhere', isDefault: true }),
      () => conn.client.deleteAddress({ userId: intruder, addressId: address.id }),
    ];
    for (const call of calls) {
      const err = await failureOf(call());
      assert.deepEqual(
        [err.code, err.status, err.message],
        [missing.code, missing.status, missing.message],
        'indistinguishable from a missing id',
      );
    }
    assert.deepEqual(await conn.client.getAddress({ userId: owner, addressId: address.id }), address);
    assert.deepEqual((await conn.client.listAddresses({ userId: intruder })).addresses, []);
  });

  test('bad address input is VALIDATION_FAILED and changes nothing', async () => {
    const userId = await newUser('bad');
    const address = await conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home });
    const bad: unknown[] = [
      { userId, idempotencyKey: idempotencyKey(), ...home, country: 'China' },
      { userId, idempotencyKey: idempotencyKey(), ...home, line1: 'x'.repeat(201) },
      { userId, idempotencyKey: idempotencyKey(), ...home, isDefault: 'yes' },
      { userId, idempotencyKey: idempotencyKey(), ...home, owner: 'someone' },
      { userId, idempotencyKey: 'short', ...home },
      { userId, idempotencyKey: idempotencyKey(), ...home, phone: 'not a phone' },
    ];
    for (const input of bad)
      assert.equal((await failureOf(conn.client.createAddress(input as never))).code, 'VALIDATION_FAILED', JSON.stringify(input));
    for (const input of [
      { userId, addressId: address.id, isDefault: false },
      { userId, addressId: address.id, city: '' },
      { userId, addressId: address.id, userIdToo: userId },
    ]) {
      assert.equal((await failureOf(conn.client.updateAddress(input as never))).code, 'VALIDATION_FAILED', JSON.stringify(input));
    }
    assert.deepEqual((await conn.client.listAddresses({ userId })).addresses, [address]);
  });

  test('an address book is bounded: the 21st address is ADDRESS_LIMIT_REACHED', async () => {
    const userId = await newUser('limit');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home, line1: `${i} Full Street` }),
      ),
    );
    const err = await failureOf(conn.client.createAddress({ userId, idempotencyKey: idempotencyKey(), ...home }));
    assert.deepEqual([err.code, err.status], ['ADDRESS_LIMIT_REACHED', 409]);
    assert.equal((await conn.client.listAddresses({ userId })).addresses.length, 20);
    assert.equal((await defaults(userId)).length, 1);
  });
});
