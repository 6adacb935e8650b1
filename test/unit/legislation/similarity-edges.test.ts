/**
 * The similarity measures at their edges: surrogates at the ends of their ranges and at the end of a
 * text, empty texts, and a bigram Dice exactly at the minimum score.
 */
import { BigramDictionary, bigramDiceMatrix, toCodePoints } from '../../../functions/src/legislation/text/similarity';

describe('toCodePoints at the surrogate ranges', () => {
  test('pairs at both ends of the high and low ranges are one code point each', () => {
    expect(toCodePoints('\ud800\udc00\udbff\udfff')).toEqual([0x10000, 0x10ffff]);
  });

  test('lone surrogates, and a high surrogate ending the text, stay as they are', () => {
    expect(toCodePoints('甲\ud800')).toEqual([0x7532, 0xd800]);
    expect(toCodePoints('\udc00\ud800甲')).toEqual([0xdc00, 0xd800, 0x7532]);
    expect(toCodePoints('\ud7ff\udc00')).toEqual([0xd7ff, 0xdc00]);
    expect(toCodePoints('\udc00\udc00')).toEqual([0xdc00, 0xdc00]);
    expect(toCodePoints('\ud800\ue000')).toEqual([0xd800, 0xe000]);
    expect(toCodePoints('\ud800\udbff')).toEqual([0xd800, 0xdbff]);
  });
});

describe('bigramDiceMatrix at its edges', () => {
  test('two empty texts are identical (1); an empty and a non-empty text share nothing (0)', () => {
    const dictionary = new BigramDictionary();
    const empty = dictionary.profile([]);
    const text = dictionary.profile([1, 2]);
    expect(Array.from(bigramDiceMatrix([empty, text], [empty, text], dictionary, 0))).toEqual([1, 0, 0, 1]);
  });

  test('a score exactly at the minimum is kept, one just below is dropped', () => {
    const dictionary = new BigramDictionary();
    // (start,1)(1,2) against (start,1)(1,3): one bigram of four in common, 2·1/4 = 0.5.
    const rows = [dictionary.profile([1, 2])];
    const columns = [dictionary.profile([1, 3])];
    expect(Array.from(bigramDiceMatrix(rows, columns, dictionary, 0.5))).toEqual([0.5]);
    expect(Array.from(bigramDiceMatrix(rows, columns, dictionary, 0.51))).toEqual([0]);
  });

  test('no rows or no columns give an empty matrix', () => {
    const dictionary = new BigramDictionary();
    const profile = dictionary.profile([1, 2]);
    expect(bigramDiceMatrix([profile], [], dictionary, 0.5)).toHaveLength(0);
    expect(bigramDiceMatrix([], [profile], dictionary, 0.5)).toHaveLength(0);
  });
});

describe('bigram profiles', () => {
  test('the start of a text is no character: a text starting with U+0001 shares no bigram with one without it', () => {
    const dictionary = new BigramDictionary();
    const matrix = bigramDiceMatrix([dictionary.profile([2])], [dictionary.profile([1, 2])], dictionary, 0);
    expect(Array.from(matrix)).toEqual([0]);
  });

  test('a repeated bigram counts as often as both texts have it', () => {
    const dictionary = new BigramDictionary();
    // [1,2,1,2]: (start,1)(1,2)(2,1)(1,2); [5,1,2]: (start,5)(5,1)(1,2): one (1,2) in common.
    const matrix = bigramDiceMatrix([dictionary.profile([1, 2, 1, 2])], [dictionary.profile([5, 1, 2])], dictionary, 0);
    expect(matrix[0]).toBeCloseTo((2 * 1) / 7, 6);
  });
});
