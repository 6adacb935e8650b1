/**
 * Article-level comparison of two versions of a draft (e.g. first and second
 * reading texts).
 *
 * Articles are matched by content, not by number:
 *   1. identical text → UNCHANGED (same number) or RENUMBERED (new number);
 *      an identical article with the same number is preferred, then identical
 *      articles are paired in document order;
 *   2. the remaining old and new articles (each in document order) are aligned
 *      with a weighted LCS: a pair may be aligned when its similarity is at
 *      least ARTICLE_SIMILARITY_THRESHOLD, and the alignment maximises the sum
 *      of similarities, so pairs keep their relative order → MODIFIED;
 *   3. what is still unpaired is paired greedily, most similar first (pairs
 *      that cross the order, e.g. an article moved and edited) → MODIFIED;
 *   4. the rest are ADDED (new only) or REMOVED (old only).
 *
 * Similarity is the Dice coefficient of the character-bigram multisets of the
 * two texts (code points, with a start sentinel so one-character texts have a
 * bigram): 2·|common bigrams| / (|bigrams a| + |bigrams b|), in 0..1.
 *
 * Output follows the new text's order; a REMOVED article is placed right
 * after the new article matched to its nearest surviving predecessor in the
 * old text (at the very start when it has none), i.e. where it used to be.
 */
import { diffChars } from 'diff';

export type ArticleChange = 'UNCHANGED' | 'RENUMBERED' | 'MODIFIED' | 'ADDED' | 'REMOVED';

export interface TextSpan {
  kind: 'EQUAL' | 'INSERTED' | 'DELETED';
  text: string;
}

export interface ArticleDiffEntry {
  change: ArticleChange;
  oldNumber: number | null;
  newNumber: number | null;
  oldText: string | null;
  newText: string | null;
  /** Character-level changes from oldText to newText; only for MODIFIED, [] otherwise. */
  spans: TextSpan[];
}

export interface ComparableArticle {
  number: number;
  text: string;
}

/** Minimum similarity for two different texts to count as one modified article. */
export const ARTICLE_SIMILARITY_THRESHOLD = 0.5;

// ---------------------------------------------------------------------------
// Similarity

const CODE_POINT_RANGE = 0x110000;

/** Bigram profiles share one dictionary so bigrams become small integer ids. */
class BigramDictionary {
  private readonly ids = new Map<number, number>();

  /** Sorted bigram ids (a multiset) of the text. */
  profile(text: string): Uint32Array {
    const out: number[] = [];
    let previous = 0; // start sentinel; real code points are shifted by one
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      const current = cp + 1;
      const key = previous * (CODE_POINT_RANGE + 1) + current;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(key, id);
      }
      out.push(id);
      previous = current;
    }
    return Uint32Array.from(out).sort();
  }
}

function diceOfProfiles(a: Uint32Array, b: Uint32Array): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
  return (2 * common) / total;
}

/** Character-bigram Dice similarity of two texts, 0 (nothing in common) … 1 (same bigrams). */
export function articleSimilarity(a: string, b: string): number {
  const dictionary = new BigramDictionary();
  return diceOfProfiles(dictionary.profile(a), dictionary.profile(b));
}

// ---------------------------------------------------------------------------
// Character spans

/** Character-level spans from oldText to newText, adjacent spans of one kind merged. */
export function diffTextSpans(oldText: string, newText: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const change of diffChars(oldText, newText)) {
    if (change.value === '') continue;
    const kind: TextSpan['kind'] = change.added ? 'INSERTED' : change.removed ? 'DELETED' : 'EQUAL';
    const last = spans[spans.length - 1];
    if (last !== undefined && last.kind === kind) {
      last.text += change.value;
    } else {
      spans.push({ kind, text: change.value });
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------
// Matching

const UNMATCHED = -1;

interface Matching {
  /** For each old index, the new index it is paired with, or UNMATCHED. */
  oldToNew: Int32Array;
  /** For each new index, the old index it is paired with, or UNMATCHED. */
  newToOld: Int32Array;
}

function pair(m: Matching, oldIndex: number, newIndex: number): void {
  m.oldToNew[oldIndex] = newIndex;
  m.newToOld[newIndex] = oldIndex;
}

function matchIdenticalTexts(
  oldArticles: readonly ComparableArticle[],
  newArticles: readonly ComparableArticle[],
  m: Matching,
): void {
  // Same number, same text first.
  const oldIndexByNumber = new Map<number, number>();
  oldArticles.forEach((a, i) => {
    if (!oldIndexByNumber.has(a.number)) oldIndexByNumber.set(a.number, i);
  });
  newArticles.forEach((a, j) => {
    const i = oldIndexByNumber.get(a.number);
    if (i !== undefined && m.oldToNew[i] === UNMATCHED && oldArticles[i]?.text === a.text) {
      pair(m, i, j);
    }
  });

  // Then identical texts in document order.
  const oldIndicesByText = new Map<string, { indices: number[]; next: number }>();
  oldArticles.forEach((a, i) => {
    if (m.oldToNew[i] !== UNMATCHED) return;
    const entry = oldIndicesByText.get(a.text);
    if (entry === undefined) oldIndicesByText.set(a.text, { indices: [i], next: 0 });
    else entry.indices.push(i);
  });
  newArticles.forEach((a, j) => {
    if (m.newToOld[j] !== UNMATCHED) return;
    const entry = oldIndicesByText.get(a.text);
    if (entry === undefined || entry.next >= entry.indices.length) return;
    const i = entry.indices[entry.next++]!;
    pair(m, i, j);
  });
}

function unmatchedIndices(links: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < links.length; i++) if (links[i] === UNMATCHED) out.push(i);
  return out;
}

function matchSimilarTexts(
  oldArticles: readonly ComparableArticle[],
  newArticles: readonly ComparableArticle[],
  m: Matching,
): void {
  const restOld = unmatchedIndices(m.oldToNew);
  const restNew = unmatchedIndices(m.newToOld);
  const rows = restOld.length;
  const cols = restNew.length;
  if (rows === 0 || cols === 0) return;

  const dictionary = new BigramDictionary();
  const oldProfiles = restOld.map((i) => dictionary.profile(oldArticles[i]?.text ?? ''));
  const newProfiles = restNew.map((j) => dictionary.profile(newArticles[j]?.text ?? ''));

  // Similarities at or above the threshold; 0 below it.
  const score = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const a = oldProfiles[r]!;
    for (let c = 0; c < cols; c++) {
      const b = newProfiles[c]!;
      // Dice can be at most 2·min/(sum): skip pairs whose lengths differ too much.
      const total = a.length + b.length;
      if (total > 0 && (2 * Math.min(a.length, b.length)) / total < ARTICLE_SIMILARITY_THRESHOLD) {
        continue;
      }
      const s = diceOfProfiles(a, b);
      if (s >= ARTICLE_SIMILARITY_THRESHOLD) score[r * cols + c] = s;
    }
  }

  // Weighted LCS: best[r][c] = best total similarity aligning restOld[0..r) with restNew[0..c).
  const width = cols + 1;
  const best = new Float64Array((rows + 1) * width);
  const step = new Uint8Array((rows + 1) * width); // 1 skip old, 2 skip new, 3 pair
  for (let r = 1; r <= rows; r++) {
    for (let c = 1; c <= cols; c++) {
      let value = best[(r - 1) * width + c]!;
      let move = 1;
      const left = best[r * width + c - 1]!;
      if (left > value) {
        value = left;
        move = 2;
      }
      const s = score[(r - 1) * cols + (c - 1)]!;
      if (s > 0) {
        const diagonal = best[(r - 1) * width + c - 1]! + s;
        if (diagonal > value) {
          value = diagonal;
          move = 3;
        }
      }
      best[r * width + c] = value;
      step[r * width + c] = move;
    }
  }
  for (let r = rows, c = cols; r > 0 && c > 0; ) {
    const move = step[r * width + c];
    if (move === 3) {
      pair(m, restOld[r - 1]!, restNew[c - 1]!);
      r--;
      c--;
    } else if (move === 1) {
      r--;
    } else {
      c--;
    }
  }

  // Pairs that cross the order: most similar first, ties in document order.
  const candidates: Array<{ r: number; c: number; s: number }> = [];
  for (let r = 0; r < rows; r++) {
    if (m.oldToNew[restOld[r]!] !== UNMATCHED) continue;
    for (let c = 0; c < cols; c++) {
      const s = score[r * cols + c]!;
      if (s > 0 && m.newToOld[restNew[c]!] === UNMATCHED) candidates.push({ r, c, s });
    }
  }
  candidates.sort((x, y) => y.s - x.s || x.c - y.c || x.r - y.r);
  for (const { r, c } of candidates) {
    const i = restOld[r]!;
    const j = restNew[c]!;
    if (m.oldToNew[i] === UNMATCHED && m.newToOld[j] === UNMATCHED) pair(m, i, j);
  }
}

// ---------------------------------------------------------------------------
// Result

function pairedEntry(oldArticle: ComparableArticle, newArticle: ComparableArticle): ArticleDiffEntry {
  const identical = oldArticle.text === newArticle.text;
  const change: ArticleChange = !identical
    ? 'MODIFIED'
    : oldArticle.number === newArticle.number
      ? 'UNCHANGED'
      : 'RENUMBERED';
  return {
    change,
    oldNumber: oldArticle.number,
    newNumber: newArticle.number,
    oldText: oldArticle.text,
    newText: newArticle.text,
    spans: identical ? [] : diffTextSpans(oldArticle.text, newArticle.text),
  };
}

function removedEntry(a: ComparableArticle): ArticleDiffEntry {
  return { change: 'REMOVED', oldNumber: a.number, newNumber: null, oldText: a.text, newText: null, spans: [] };
}

function addedEntry(a: ComparableArticle): ArticleDiffEntry {
  return { change: 'ADDED', oldNumber: null, newNumber: a.number, oldText: null, newText: a.text, spans: [] };
}

/**
 * Compares two versions' articles (each in document order) and returns one
 * entry per article of either version, in the new version's order.
 */
export function diffArticles(
  oldArticles: readonly ComparableArticle[],
  newArticles: readonly ComparableArticle[],
): ArticleDiffEntry[] {
  const m: Matching = {
    oldToNew: new Int32Array(oldArticles.length).fill(UNMATCHED),
    newToOld: new Int32Array(newArticles.length).fill(UNMATCHED),
  };
  matchIdenticalTexts(oldArticles, newArticles, m);
  matchSimilarTexts(oldArticles, newArticles, m);

  // Removed articles, grouped by the new index they follow (-1: the start).
  const removedAfter = new Map<number, ComparableArticle[]>();
  let anchor = -1;
  oldArticles.forEach((a, i) => {
    const j = m.oldToNew[i]!;
    if (j !== UNMATCHED) {
      anchor = j;
      return;
    }
    const group = removedAfter.get(anchor);
    if (group === undefined) removedAfter.set(anchor, [a]);
    else group.push(a);
  });

  const entries: ArticleDiffEntry[] = [];
  for (const a of removedAfter.get(-1) ?? []) entries.push(removedEntry(a));
  newArticles.forEach((a, j) => {
    const i = m.newToOld[j]!;
    const oldArticle = i === UNMATCHED ? undefined : oldArticles[i];
    entries.push(oldArticle === undefined ? addedEntry(a) : pairedEntry(oldArticle, a));
    for (const removed of removedAfter.get(j) ?? []) entries.push(removedEntry(removed));
  });
  return entries;
}
