// A Bloom filter of strings: "certainly absent" or "maybe present", in a fixed bit array sized for an expected
// count and false-positive rate. Small enough to keep here (the npm packages that offer one bring a dozen dependencies).

/** Bits and hash count for n items at false-positive rate p: m = -n·ln p / (ln 2)², k = m/n · ln 2. */
export function bloomSize(expectedItems: number, falsePositiveRate: number): { bits: number; hashes: number } {
  if (!Number.isFinite(expectedItems) || expectedItems < 1) throw new RangeError(`expectedItems must be at least 1, got ${expectedItems}`);
  if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
    throw new RangeError(`falsePositiveRate must be in (0, 1), got ${falsePositiveRate}`);
  const bits = Math.max(64, Math.ceil((-expectedItems * Math.log(falsePositiveRate)) / Math.LN2 ** 2));
  const hashes = Math.max(1, Math.round((bits / expectedItems) * Math.LN2));
  return { bits, hashes };
}

/** FNV-1a over the UTF-16 code units, from a given offset basis: two bases give two independent-enough hashes. */
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32): FNV's low bits alone spread short, similar ids poorly.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class BloomFilter {
  readonly bits: number;
  readonly hashes: number;
  private readonly words: Uint32Array;

  constructor(expectedItems: number, falsePositiveRate: number) {
    ({ bits: this.bits, hashes: this.hashes } = bloomSize(expectedItems, falsePositiveRate));
    this.words = new Uint32Array(Math.ceil(this.bits / 32));
  }

  add(item: string): void {
    this.visit(item, (word, mask) => {
      this.words[word]! |= mask;
      return true;
    });
  }

  /** False: the item was never added. True: it probably was. */
  mightContain(item: string): boolean {
    return this.visit(item, (word, mask) => (this.words[word]! & mask) !== 0);
  }

  /** Kirsch–Mitzenmacher double hashing: bit i is h1 + i·h2 (mod m); stops at the first bit the check refuses. */
  private visit(item: string, check: (word: number, mask: number) => boolean): boolean {
    const h1 = fnv1a(item, 0x811c9dc5);
    const h2 = fnv1a(item, 0x050c5d1f) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const index = bit % this.bits;
      if (!check(index >>> 5, 1 << (index & 31))) return false;
    }
    return true;
  }
}
