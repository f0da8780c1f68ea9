// How a product's texts and a shopper's query become PostgreSQL full-text terms, in Chinese and English alike.
// PostgreSQL's parsers do not segment Chinese ('无线蓝牙耳机' is one word to them), so CJK runs become overlapping
// character bigrams (无线 线蓝 蓝牙 牙耳 耳机): a query's bigrams all present means the phrase is there, the
// approach of search engines without a dictionary. Latin words go to the 'english' configuration, which stems them
// ("headphone" finds "Headphones"). Pure, so PGlite and PostgreSQL index exactly the same terms.

/** A run of Chinese, Japanese or Korean characters (Han, Hiragana, Katakana, Hangul). */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
/** What is left once CJK runs are cut out: letters and digits of other scripts. */
const OTHER_WORD = /[\p{L}\p{N}]+/gu;

export interface SearchTerms {
  /** Latin (and other non-CJK) words, space separated, for to_tsvector/plainto_tsquery('english', …). */
  words: string;
  /** CJK bigrams (a lone character as itself), space separated, for to_tsvector/plainto_tsquery('simple', …). */
  bigrams: string;
}

/** The bigrams of one CJK run: every pair of neighbours, or the character itself when the run is one long. */
export function bigramsOf(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  return chars.slice(0, -1).map((c, i) => c + (chars[i + 1] as string));
}

/** The terms of a text: its CJK runs as bigrams, every other word lower-cased. */
export function termsOf(text: string): SearchTerms {
  const bigrams = [...text.matchAll(CJK_RUN)].flatMap((m) => bigramsOf(m[0]));
  const words = [...text.replace(CJK_RUN, ' ').matchAll(OTHER_WORD)].map((m) => m[0].toLowerCase());
  return { words: words.join(' '), bigrams: bigrams.join(' ') };
}

/** The terms of several texts (a title in both languages, a brand, a category), kept apart by a space. */
export function documentTerms(texts: readonly string[]): SearchTerms {
  const all = texts.map(termsOf);
  return {
    words: all
      .map((t) => t.words)
      .filter(Boolean)
      .join(' '),
    bigrams: all
      .map((t) => t.bigrams)
      .filter(Boolean)
      .join(' '),
  };
}

export const MAX_QUERY_LENGTH = 100;

/**
 * A shopper's query as terms that must ALL be found (plainto_tsquery ANDs them). Empty when the query has no
 * letters or digits: the caller lists instead of searching. Operators and punctuation carry no meaning here, so
 * nothing a shopper types can change the shape of the SQL query (the terms are bound parameters anyway).
 */
export function queryTerms(query: string): SearchTerms | undefined {
  const terms = termsOf(query.slice(0, MAX_QUERY_LENGTH));
  return terms.words || terms.bigrams ? terms : undefined;
}
