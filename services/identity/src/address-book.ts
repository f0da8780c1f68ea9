// Shipping addresses: each user's own book, with exactly one default while it is not empty.
// Writes lock the owner's row first, so concurrent changes to one book happen one after the other.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { MallError } from '@mall/contracts';
import type { IdentityInput, IdentityOutput } from '@mall/contracts/identity';
import type { ServiceDb, Tx } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { MAX_ADDRESSES_PER_USER, newAddressIsDefault, nextDefault } from './domain/addresses.ts';
import { addresses, users } from './schema.ts';

type Address = IdentityOutput<'getAddress'>;
type Row = typeof addresses.$inferSelect;

export class AddressBook {
  constructor(private readonly db: ServiceDb) {}

  async list(userId: string): Promise<Address[]> {
    const rows = await this.db.orm
      .select()
      .from(addresses)
      .where(eq(addresses.userId, userId))
      .orderBy(desc(addresses.isDefault), asc(addresses.createdAt));
    return rows.map(toAddress);
  }

  async get(userId: string, addressId: string): Promise<Address> {
    const [row] = await this.db.orm.select().from(addresses).where(ownAddress(userId, addressId));
    if (!row) throw notFound();
    return toAddress(row);
  }

  create(input: IdentityInput<'createAddress'>): Promise<Address> {
    const { idempotencyKey, userId, isDefault, ...fields } = input;
    return this.db.transaction((tx) =>
      once(tx, { scope: `address:${userId}`, key: idempotencyKey, request: { ...fields, isDefault: isDefault ?? false } }, async () => {
        await lockOwner(tx, userId);
        const [{ count } = { count: 0 }] = await tx.orm
          .select({ count: sql<number>`count(*)::int` })
          .from(addresses)
          .where(eq(addresses.userId, userId));
        if (count >= MAX_ADDRESSES_PER_USER)
          throw new MallError('ADDRESS_LIMIT_REACHED', `a user keeps at most ${MAX_ADDRESSES_PER_USER} addresses`);
        const makeDefault = newAddressIsDefault(count, isDefault);
        if (makeDefault) await clearDefault(tx, userId);
        const [row] = await tx.orm
          .insert(addresses)
          .values({ ...fields, userId, isDefault: makeDefault })
          .returning();
        if (!row) throw new Error('address insert returned nothing');
        return toAddress(row);
      }),
    );
  }

  update(input: IdentityInput<'updateAddress'>): Promise<Address> {
    const { userId, addressId, isDefault, ...fields } = input;
    return this.db.transaction(async (tx) => {
      await lockOwner(tx, userId);
      const [current] = await tx.orm.select().from(addresses).where(ownAddress(userId, addressId));
      if (!current) throw notFound();
      // The old default is cleared before the new one is set: the unique index allows one at a time.
      if (isDefault && !current.isDefault) await clearDefault(tx, userId);
      const [row] = await tx.orm
        .update(addresses)
        .set({ ...fields, isDefault: isDefault ? true : current.isDefault, updatedAt: sql`now()` })
        .where(ownAddress(userId, addressId))
        .returning();
      if (!row) throw notFound();
      return toAddress(row);
    });
  }

  async remove(userId: string, addressId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockOwner(tx, userId);
      const [deleted] = await tx.orm.delete(addresses).where(ownAddress(userId, addressId)).returning({ isDefault: addresses.isDefault });
      if (!deleted) throw notFound();
      if (!deleted.isDefault) return;
      const remaining = await tx.orm
        .select({ id: addresses.id, updatedAt: addresses.updatedAt })
        .from(addresses)
        .where(eq(addresses.userId, userId));
      const heir = nextDefault(remaining);
      if (heir) await tx.orm.update(addresses).set({ isDefault: true }).where(eq(addresses.id, heir));
    });
  }
}

/** Another user's address answers exactly like a missing one: nobody learns which ids exist. */
function ownAddress(userId: string, addressId: string) {
  return and(eq(addresses.id, addressId), eq(addresses.userId, userId));
}

async function lockOwner(tx: Tx, userId: string): Promise<void> {
  const [owner] = await tx.orm.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  if (!owner) throw notFound();
}

async function clearDefault(tx: Tx, userId: string): Promise<void> {
  await tx.orm
    .update(addresses)
    .set({ isDefault: false })
    .where(and(eq(addresses.userId, userId), eq(addresses.isDefault, true)));
}

function notFound(): MallError {
  return new MallError('NOT_FOUND', 'no such address');
}

function toAddress(row: Row): Address {
  return {
    id: row.id,
    recipient: row.recipient,
    phone: row.phone,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    country: row.country,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
