/**
 * How diffArticles pairs modified articles when the choice is not obvious: order-preserving pairs
 * before the single most similar one, crossing pairs most similar first, rounds of estimate and exact
 * check, and where character spans switch from a character diff to whole clauses.
 */
import { MAX_CHARACTER_EDIT_DISTANCE, diffArticles, diffTextSpans } from '../../../functions/src/legislation/text/diff';
import type { ArticleDiffEntry, ComparableArticle } from '../../../functions/src/legislation/text/diff';
import { characterSimilarity } from '../../../functions/src/legislation/text/similarity';

/** `length` distinct CJK characters starting at `from`, so blocks from different ranges share nothing. */
const block = (from: number, length: number): string =>
  Array.from({ length }, (_, i) => String.fromCodePoint(from + i)).join('');
const renumber = (texts: readonly string[]): ComparableArticle[] => texts.map((text, i) => ({ number: i + 1, text }));
const summarise = (entries: readonly ArticleDiffEntry[]) => entries.map((e) => [e.change, e.oldNumber, e.newNumber]);

describe('pairing modified articles', () => {
  // Article a is most like b2, but pairing a→a2 and b→b2 keeps more of both texts; pairing the most
  // similar first would leave b and a2 unpaired.
  const u = block(0x4e00, 20);
  const v = block(0x4e20, 20);
  const w = block(0x4e40, 20);
  const x = block(0x4e60, 14);
  const z = block(0x4e80, 20);
  const [a, b, a2, b2] = [u + v, w + v + z, u + x, u + v + z];
  const c = block(0x4ea0, 20);
  const c2 = c + block(0x4ec0, 2);
  const unrelated = block(0x4f00, 20);
  const unrelated2 = block(0x4f20, 20);

  test('keeps the document order when that pairs more, over the single most similar pair', () => {
    expect(characterSimilarity(a, b2)).toBeGreaterThan(characterSimilarity(a, a2));
    expect(characterSimilarity(b, a2)).toBe(0);
    expect(summarise(diffArticles(renumber([a, b]), renumber([a2, b2])))).toEqual([
      ['MODIFIED', 1, 1],
      ['MODIFIED', 2, 2],
    ]);
  });

  test('keeps the document order with a pair after them', () => {
    expect(summarise(diffArticles(renumber([a, b, c]), renumber([a2, b2, c2])))).toEqual([
      ['MODIFIED', 1, 1],
      ['MODIFIED', 2, 2],
      ['MODIFIED', 3, 3],
    ]);
  });

  test('keeps the document order with an unpaired article after them, old or new', () => {
    expect(summarise(diffArticles(renumber([a, b, unrelated]), renumber([a2, b2])))).toEqual([
      ['MODIFIED', 1, 1],
      ['MODIFIED', 2, 2],
      ['REMOVED', 3, null],
    ]);
    expect(summarise(diffArticles(renumber([a, b]), renumber([a2, b2, unrelated2])))).toEqual([
      ['MODIFIED', 1, 1],
      ['MODIFIED', 2, 2],
      ['ADDED', null, 3],
    ]);
  });

  test('keeps the document order with unpaired articles before them', () => {
    expect(summarise(diffArticles(renumber([unrelated, a, b]), renumber([unrelated2, a2, b2])))).toEqual([
      ['REMOVED', 1, null],
      ['ADDED', null, 1],
      ['MODIFIED', 2, 2],
      ['MODIFIED', 3, 3],
    ]);
  });

  test('between equally similar new articles in order, the first one is paired', () => {
    const edited = c + block(0x4ec0, 2);
    expect(summarise(diffArticles(renumber([c]), renumber([edited, edited])))).toEqual([
      ['MODIFIED', 1, 1],
      ['ADDED', null, 2],
    ]);
  });

  test('pairs articles that moved across others most similar first', () => {
    const p = block(0x4f00, 30);
    const q = block(0x4f40, 30);
    const movedQ = q + block(0x4f80, 3);
    const lessLikeP = p.slice(0, 18) + block(0x4fa0, 12);
    const moreLikeP = p.slice(0, 24) + block(0x4fc0, 6);
    // Old article 2 comes first in the new text, so old article 1 can only be paired across it.
    expect(summarise(diffArticles(renumber([p, q]), renumber([movedQ, lessLikeP, moreLikeP])))).toEqual([
      ['MODIFIED', 2, 1],
      ['ADDED', null, 2],
      ['MODIFIED', 1, 3],
    ]);
    expect(summarise(diffArticles(renumber([p, q]), renumber([movedQ, moreLikeP, lessLikeP])))).toEqual([
      ['MODIFIED', 2, 1],
      ['MODIFIED', 1, 2],
      ['ADDED', null, 3],
    ]);
  });

  test('between equally similar crossing candidates, the first new article wins', () => {
    const p = block(0x4f00, 30);
    const q = block(0x4f40, 30);
    const twin = p.slice(0, 24) + block(0x4fc0, 6);
    expect(summarise(diffArticles(renumber([p, q]), renumber([q + block(0x4f80, 3), twin, twin])))).toEqual([
      ['MODIFIED', 2, 1],
      ['MODIFIED', 1, 2],
      ['ADDED', null, 3],
    ]);
  });
});

describe('rounds of estimate and exact check', () => {
  // Four blocks in reverse order share almost every bigram with the original but little of its
  // order: the bigram estimate proposes the pair and the exact similarity (0.25) refuses it.
  const k = [block(0x5000, 8), block(0x5010, 8), block(0x5020, 8), block(0x5030, 8)];
  const original = k.join('');
  const reversed = [...k].reverse().join('');
  const edited = k.slice(0, 3).join('') + block(0x5040, 8);
  const other = block(0x5100, 30);
  const otherEdited = other + block(0x5140, 2);

  test('a refused pair is replaced by the next best one in another round', () => {
    expect(characterSimilarity(original, reversed)).toBeLessThan(0.5);
    expect(characterSimilarity(original, edited)).toBeGreaterThanOrEqual(0.5);
    expect(summarise(diffArticles(renumber([original, other]), renumber([reversed, edited, otherEdited])))).toEqual([
      ['ADDED', null, 1],
      ['MODIFIED', 1, 2],
      ['MODIFIED', 2, 3],
    ]);
  });

  test('a round that confirms nothing ends the matching (estimates unreliable for these texts)', () => {
    expect(summarise(diffArticles(renumber([original]), renumber([reversed, edited])))).toEqual([
      ['REMOVED', 1, null],
      ['ADDED', null, 1],
      ['ADDED', null, 2],
    ]);
  });
});

describe('character spans at the edit limit', () => {
  test(`a clause rewritten with exactly ${MAX_CHARACTER_EDIT_DISTANCE} edits is still compared character by character`, () => {
    const kept = '甲'.repeat(10);
    const before = `${kept}${'乙'.repeat(80)}。`;
    const after = `${kept}${'丙'.repeat(80)}。`;
    expect(diffTextSpans(before, after)).toEqual([
      { kind: 'EQUAL', text: kept },
      { kind: 'DELETED', text: '乙'.repeat(80) },
      { kind: 'INSERTED', text: '丙'.repeat(80) },
      { kind: 'EQUAL', text: '。' },
    ]);
  });

  test('one edit more and the clause is shown whole', () => {
    const before = `${'甲'.repeat(10)}${'乙'.repeat(81)}。`;
    const after = `${'甲'.repeat(10)}${'丙'.repeat(80)}。`;
    expect(diffTextSpans(before, after)).toEqual([
      { kind: 'DELETED', text: before },
      { kind: 'INSERTED', text: after },
    ]);
  });
});
