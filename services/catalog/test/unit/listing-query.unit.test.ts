import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listingOrder, listingWhere, PRICE_BUCKETS, priceBucketOf, priceBucketSql } from '../../src/domain/listing-query.ts';

const base = { page: 1, pageSize: 20 };

describe('listing queries', () => {
  test('every filter is a bound parameter: what a shopper types never reaches the SQL text', () => {
    const evil = "x'); DROP TABLE products; --";
    const where = listingWhere({ ...base, q: evil, brandId: evil, categoryId: evil, attrs: [evil] });
    assert.ok(!where.sql.includes('DROP'), where.sql);
    assert.ok(where.params.includes(evil));
    assert.match(where.sql, /^category_path @> ARRAY\[\$1::uuid\] AND brand_id = \$2 AND attrs @> \$3::text\[\] AND /);
  });

  test('no filters is every listed product', () => {
    assert.deepEqual(listingWhere(base), { sql: 'true', params: [] });
  });

  test("a facet's WHERE leaves out its own filter and keeps the others", () => {
    const query = { ...base, brandId: 'b', categoryId: 'c', minPrice: 100 };
    assert.ok(!listingWhere(query, 'brand').sql.includes('brand_id'));
    assert.ok(listingWhere(query, 'brand').sql.includes('category_path'));
    assert.ok(!listingWhere(query, 'price').sql.includes('min_price'));
    assert.ok(!listingWhere(query, 'category').sql.includes('category_path'));
  });

  test('Chinese terms must all match exactly; latin words may also come close (a typo)', () => {
    assert.equal(listingWhere({ ...base, q: '蓝牙耳机' }).sql, "search @@ (plainto_tsquery('simple', $1))");
    assert.equal(listingWhere({ ...base, q: 'headphone' }).sql, "(search @@ (plainto_tsquery('english', $1)) OR $1 <% title_words)");
    assert.equal(
      listingWhere({ ...base, q: 'Pro 耳机' }).sql,
      "search @@ (plainto_tsquery('english', $1) && plainto_tsquery('simple', $2))",
    );
  });

  test('every sort ends with the product id, so pages never repeat or skip a tie; relevance without a search is newest', () => {
    for (const sort of ['relevance', 'price_asc', 'price_desc', 'newest'] as const)
      assert.match(listingOrder(sort, undefined), /product_id$/);
    assert.equal(listingOrder('relevance', undefined), listingOrder('newest', undefined));
    assert.match(listingOrder('relevance', 'rank'), /^rank DESC/);
  });

  test('price buckets cover every price once, in the SQL as in the code', () => {
    assert.equal(priceBucketOf(0), 0);
    assert.equal(priceBucketOf(9_999), 0);
    assert.equal(priceBucketOf(10_000), 1);
    assert.equal(priceBucketOf(99_999_999), PRICE_BUCKETS.length - 1);
    assert.equal(
      priceBucketSql(),
      'CASE WHEN min_price < 10000 THEN 0 WHEN min_price < 50000 THEN 1 WHEN min_price < 100000 THEN 2 WHEN min_price < 500000 THEN 3 ELSE 4 END',
    );
  });
});
