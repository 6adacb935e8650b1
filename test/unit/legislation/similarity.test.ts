import {
  BigramDictionary,
  bigramDiceMatrix,
  characterSimilarity,
  lcsLength,
  toCodePoints,
} from '../../../functions/src/legislation/text/similarity';
import { seededRandom } from './generate-draft';

function bruteForceLcs(a: readonly number[], b: readonly number[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function randomSequence(random: () => number, length: number, alphabet: number): number[] {
  return Array.from({ length }, () => 0x4e00 + Math.floor(random() * alphabet));
}

/** Naive bigram-multiset Dice with the same start sentinel as BigramDictionary. */
function naiveDice(a: readonly number[], b: readonly number[]): number {
  const bigrams = (s: readonly number[]): Map<string, number> => {
    const counts = new Map<string, number>();
    s.forEach((c, i) => {
      const key = `${i === 0 ? -1 : s[i - 1]!},${c}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    return counts;
  };
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const [key, n] of x) common += Math.min(n, y.get(key) ?? 0);
  return a.length + b.length === 0 ? 1 : (2 * common) / (a.length + b.length);
}

describe('toCodePoints', () => {
  it('keeps surrogate pairs together', () => {
    expect(toCodePoints('甲𠀀乙')).toEqual([0x7532, 0x20000, 0x4e59]);
    expect(toCodePoints('')).toEqual([]);
  });
});

describe('lcsLength', () => {
  it('handles small cases', () => {
    const cp = toCodePoints;
    expect(lcsLength(cp(''), cp('abc'))).toBe(0);
    expect(lcsLength(cp('abc'), cp('abc'))).toBe(3);
    expect(lcsLength(cp('abcbdab'), cp('bdcaba'))).toBe(4);
    expect(lcsLength(cp('养老服务'), cp('养老机构服务'))).toBe(4);
  });

  it('matches a brute-force LCS across word boundaries', () => {
    const random = seededRandom(42);
    const lengths = [1, 2, 31, 32, 33, 63, 64, 65, 97, 150];
    for (const la of lengths) {
      for (const lb of lengths) {
        for (const alphabet of [2, 5, 30]) {
          const a = randomSequence(random, la, alphabet);
          const b = randomSequence(random, lb, alphabet);
          expect([la, lb, alphabet, lcsLength(a, b)]).toEqual([la, lb, alphabet, bruteForceLcs(a, b)]);
        }
      }
    }
  });
});

describe('characterSimilarity', () => {
  it('is 2·LCS / total length', () => {
    expect(characterSimilarity('', '')).toBe(1);
    expect(characterSimilarity('甲乙', '')).toBe(0);
    expect(characterSimilarity('甲乙丙', '甲乙丙')).toBe(1);
    expect(characterSimilarity('甲乙丙丁', '戊己庚辛')).toBe(0);
    expect(characterSimilarity('一二三四五六七八九十', '一二三四五子丑寅卯辰')).toBe(0.5);
    expect(characterSimilarity('𠀀甲', '𠀀乙')).toBe(0.5);
  });
});

describe('bigramDiceMatrix', () => {
  it('equals a naive bigram Dice for every pair, zeroing values below the minimum', () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 7 }, (_, i) => randomSequence(random, 5 + i * 9, 6));
    const cols = Array.from({ length: 5 }, (_, i) => randomSequence(random, 3 + i * 11, 6));
    const dictionary = new BigramDictionary();
    const matrix = bigramDiceMatrix(
      rows.map((r) => dictionary.profile(r)),
      cols.map((c) => dictionary.profile(c)),
      dictionary,
      0.3,
    );
    rows.forEach((r, i) =>
      cols.forEach((c, j) => {
        const expected = naiveDice(r, c);
        const actual = matrix[i * cols.length + j]!;
        if (expected >= 0.3) expect(actual).toBeCloseTo(expected, 5);
        else expect(actual).toBe(0);
      }),
    );
  });

  it('handles empty inputs', () => {
    const dictionary = new BigramDictionary();
    expect(bigramDiceMatrix([], [dictionary.profile([1, 2])], dictionary, 0.5)).toHaveLength(0);
  });
});
