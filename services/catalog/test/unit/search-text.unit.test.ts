import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigramsOf, documentTerms, queryTerms, termsOf } from '../../src/domain/search-text.ts';

describe('search terms', () => {
  test('a Chinese run becomes its overlapping bigrams, a lone character itself', () => {
    assert.deepEqual(bigramsOf('蓝牙耳机'), ['蓝牙', '牙耳', '耳机']);
    assert.deepEqual(bigramsOf('茶'), ['茶']);
  });

  test("a query's bigrams are all among the bigrams of a title that contains the phrase", () => {
    const title = termsOf('无线蓝牙耳机 Pro').bigrams.split(' ');
    const query = queryTerms('蓝牙耳机')?.bigrams.split(' ') ?? [];
    assert.ok(query.length > 0);
    for (const bigram of query) assert.ok(title.includes(bigram), bigram);
    // A title without the phrase misses at least one of them.
    const other = termsOf('无线蓝牙音箱').bigrams.split(' ');
    assert.ok(query.some((bigram) => !other.includes(bigram)));
  });

  test('latin words are lower-cased and kept apart from the Chinese, also inside a Chinese title', () => {
    assert.deepEqual(termsOf('极光 无线蓝牙耳机 Ultra'), { words: 'ultra', bigrams: '极光 无线 线蓝 蓝牙 牙耳 耳机' });
    assert.deepEqual(termsOf('Wireless Headphones-Pro 2'), { words: 'wireless headphones pro 2', bigrams: '' });
  });

  test('a document joins the terms of its texts', () => {
    assert.deepEqual(documentTerms(['蓝牙耳机', 'Headphones', '']), { words: 'headphones', bigrams: '蓝牙 牙耳 耳机' });
  });

  test('a query with no letters or digits has no terms, and tsquery operators are only punctuation', () => {
    assert.equal(queryTerms('  !&|:*()  '), undefined);
    assert.deepEqual(queryTerms("head & phone | !x:* 'y'"), { words: 'head phone x y', bigrams: '' });
  });

  test('an overlong query is cut to 100 characters before it becomes terms', () => {
    const terms = queryTerms('a'.repeat(150));
    assert.equal(terms?.words.length, 100);
  });
});
