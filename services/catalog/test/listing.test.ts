// The storefront listing on both databases (PostgreSQL and PGlite): the read model follows the products it is
// refreshed from, and a query filters, searches in Chinese and English, sorts, pages and counts facets.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { defaultPostgresUrl, openDatabase, type Database, type ServiceDb } from '@mall/platform/db';
import { uniqueName } from '@mall/platform/testkit';
import type { ListingQuery } from '../src/domain/listing-query.ts';
import { refreshListing, searchListing } from '../src/listing.ts';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
const t = (zh: string, en: string) => ({ zh, en });

const drivers: Array<[string, () => Promise<Database>]> = [
  [
    'PostgreSQL',
    () => openDatabase({ driver: 'pg', url: process.env.MALL_POSTGRES_URL || defaultPostgresUrl, poolSize: 4, extensions: ['pg_trgm'] }),
  ],
  ['PGlite', () => openDatabase({ driver: 'pglite', extensions: ['pg_trgm'] })],
];

for (const [driver, open] of drivers) {
  describe(`the storefront listing on ${driver}`, () => {
    let database: Database;
    let db: ServiceDb;
    const ids = {
      digital: randomUUID(),
      audio: randomUUID(),
      headphones: randomUUID(),
      speakers: randomUUID(),
      aurora: randomUUID(),
      nimbus: randomUUID(),
      color: randomUUID(),
    };

    before(async () => {
      database = await open();
      db = database.forService(uniqueName('listing').replace(/-/g, '_').toLowerCase());
      await db.migrate(migrations);
      await db.query(
        `INSERT INTO categories (id, parent_id, level, name, position) VALUES
           ($1, NULL, 1, '{"zh":"手机数码","en":"Phones & Digital"}', 0),
           ($2, $1, 2, '{"zh":"影音娱乐","en":"Audio"}', 0),
           ($3, $2, 3, '{"zh":"耳机","en":"Headphones"}', 0),
           ($4, $2, 3, '{"zh":"音箱","en":"Speakers"}', 1)`,
        [ids.digital, ids.audio, ids.headphones, ids.speakers],
      );
      await db.query(`INSERT INTO brands (id, name) VALUES ($1, '{"zh":"极光","en":"Aurora"}'), ($2, '{"zh":"云岚","en":"Nimbus"}')`, [
        ids.aurora,
        ids.nimbus,
      ]);
    });
    after(async () => {
      if (database.driver === 'pg') await db.query(`DROP SCHEMA "${db.schema}" CASCADE`);
      await database.close();
    });

    /** Writes a product with its SKUs and refreshes its listing in the same transaction, as the catalog's writes do. */
    async function product(opts: {
      title: { zh: string; en: string };
      category: string;
      brand: string | null;
      prices: number[];
      status?: 'draft' | 'on_sale' | 'off_sale';
      createdAt?: string;
      colors?: string[];
    }): Promise<string> {
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO products (id, title, subtitle, description, brand_id, category_id, images, status, created_at)
           VALUES ($1, $2, '{"zh":"","en":""}', '{"zh":"","en":""}', $3, $4, $5, $6, $7)`,
          [
            id,
            JSON.stringify(opts.title),
            opts.brand,
            opts.category,
            JSON.stringify([`/media/${id}.svg`]),
            opts.status ?? 'on_sale',
            opts.createdAt ?? new Date().toISOString(),
          ],
        );
        for (const [i, price] of opts.prices.entries()) {
          const color = opts.colors?.[i] ?? `c${i}`;
          await tx.query(`INSERT INTO skus (product_id, attrs, combination, price_amount, currency) VALUES ($1, $2, $3, $4, 'CNY')`, [
            id,
            JSON.stringify([{ attributeId: ids.color, value: color }]),
            color,
            price,
          ]);
        }
        await refreshListing(tx, id);
      });
      return id;
    }

    const query = (over: Partial<ListingQuery>): ListingQuery => ({ page: 1, pageSize: 20, ...over });
    let earbuds: string;
    let headphones: string;
    let speaker: string;
    let draft: string;

    before(async () => {
      earbuds = await product({
        title: t('极光 无线蓝牙耳机 Pro', 'Aurora Wireless Earbuds Pro'),
        category: ids.headphones,
        brand: ids.aurora,
        prices: [29900, 35900],
        colors: ['Black', 'White'],
        createdAt: '2026-11-01T00:00:00Z',
      });
      headphones = await product({
        title: t('云岚 头戴式降噪耳机', 'Nimbus Wireless Headphones'),
        category: ids.headphones,
        brand: ids.nimbus,
        prices: [129900],
        colors: ['Black'],
        createdAt: '2026-11-20T00:00:00Z',
      });
      speaker = await product({
        title: t('极光 便携蓝牙音箱', 'Aurora Portable Speaker'),
        category: ids.speakers,
        brand: ids.aurora,
        prices: [9900],
        colors: ['Blue'],
        createdAt: '2026-10-01T00:00:00Z',
      });
      draft = await product({
        title: t('草稿耳机', 'Draft Headphones'),
        category: ids.headphones,
        brand: null,
        prices: [100],
        status: 'draft',
      });
    });

    test('"蓝牙耳机" finds "无线蓝牙耳机 Pro" and not a Bluetooth speaker', async () => {
      const page = await searchListing(db, query({ q: '蓝牙耳机' }));
      assert.deepEqual(
        page.items.map((i) => i.id),
        [earbuds],
      );
    });

    test('"headphone" finds "Wireless Headphones" (stemmed) first, then what is in the headphones category; a typo still finds it', async () => {
      const page = await searchListing(db, query({ q: 'headphone' }));
      assert.deepEqual(
        page.items.map((i) => i.id),
        [headphones, earbuds],
        'the title weighs more than the category',
      );
      assert.ok((await searchListing(db, query({ q: 'headphnes' }))).items.some((i) => i.id === headphones));
    });

    test('a search matches the brand and category names too, the title weighing more', async () => {
      const page = await searchListing(db, query({ q: 'aurora' }));
      assert.deepEqual(page.items.map((i) => i.id).sort(), [earbuds, speaker].sort());
    });

    test('a draft product is not listed, and is listed as soon as it goes on sale', async () => {
      assert.ok(!(await searchListing(db, query({ q: 'draft' }))).items.some((i) => i.id === draft));
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE products SET status = 'on_sale' WHERE id = $1`, [draft]);
        await refreshListing(tx, draft);
      });
      assert.ok((await searchListing(db, query({ q: 'draft' }))).items.some((i) => i.id === draft));
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE products SET status = 'off_sale' WHERE id = $1`, [draft]);
        await refreshListing(tx, draft);
      });
      assert.ok(!(await searchListing(db, query({ q: 'draft' }))).items.some((i) => i.id === draft));
    });

    test('a top category lists the products of the leaves below it; a brand, a price range and an attribute filter', async () => {
      assert.equal((await searchListing(db, query({ categoryId: ids.digital }))).total, 3);
      assert.equal((await searchListing(db, query({ categoryId: ids.speakers }))).total, 1);
      assert.deepEqual(
        (await searchListing(db, query({ brandId: ids.aurora, sort: 'price_asc' }))).items.map((i) => i.id),
        [speaker, earbuds],
      );
      assert.deepEqual(
        (await searchListing(db, query({ minPrice: 20000, maxPrice: 100000 }))).items.map((i) => i.id),
        [earbuds],
      );
      assert.deepEqual(
        (await searchListing(db, query({ attrs: [`${ids.color}:White`] }))).items.map((i) => i.id),
        [earbuds],
      );
    });

    test('sorts by price both ways and by newest; an item shows its lowest price', async () => {
      const asc = await searchListing(db, query({ sort: 'price_asc' }));
      assert.deepEqual(
        asc.items.map((i) => i.id),
        [speaker, earbuds, headphones],
      );
      assert.deepEqual(asc.items[1]?.price, { amount: 29900, currency: 'CNY' });
      assert.equal(asc.items[1]?.maxPrice, 35900);
      assert.deepEqual(
        (await searchListing(db, query({ sort: 'price_desc' }))).items.map((i) => i.id),
        [headphones, earbuds, speaker],
      );
      assert.deepEqual(
        (await searchListing(db, query({ sort: 'newest' }))).items.map((i) => i.id),
        [headphones, earbuds, speaker],
      );
    });

    test('pages hold pageSize items and the total counts them all', async () => {
      const first = await searchListing(db, query({ sort: 'price_asc', pageSize: 2 }));
      const second = await searchListing(db, query({ sort: 'price_asc', pageSize: 2, page: 2 }));
      assert.equal(first.total, 3);
      assert.equal(second.total, 3);
      assert.deepEqual(
        [...first.items, ...second.items].map((i) => i.id),
        [speaker, earbuds, headphones],
      );
      assert.deepEqual((await searchListing(db, query({ page: 9 }))).items, []);
    });

    test('facets count categories, brands and price buckets; a chosen brand still shows the other brands', async () => {
      const all = await searchListing(db, query({}));
      assert.deepEqual(all.facets.categories, [
        { id: ids.headphones, count: 2 },
        { id: ids.speakers, count: 1 },
      ]);
      assert.deepEqual(all.facets.brands, [
        { id: ids.aurora, count: 2 },
        { id: ids.nimbus, count: 1 },
      ]);
      assert.deepEqual(
        all.facets.prices.map((b) => b.count),
        [1, 1, 0, 1, 0],
      );
      const nimbus = await searchListing(db, query({ brandId: ids.nimbus }));
      assert.equal(nimbus.total, 1);
      assert.deepEqual(nimbus.facets.brands, all.facets.brands, 'the brand facet ignores the brand filter');
      assert.deepEqual(nimbus.facets.categories, [{ id: ids.headphones, count: 1 }], 'the others honour it');
    });

    test('a query of punctuation only lists everything instead of searching', async () => {
      assert.equal((await searchListing(db, query({ q: '!&|' }))).total, 3);
    });
  });
}
