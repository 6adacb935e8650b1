/**
 * Article-level comparison of two versions of a draft (e.g. first and second
 * reading texts).
 *
 * Articles are matched by content, not by number:
 *   1. identical text → UNCHANGED (same number) or RENUMBERED (new number);
 *      an identical article with the same number is preferred, then identical
 *      articles are paired in document order;
 *   2. the remaining old and new articles (each in document order) are aligned
 *      with a weighted LCS that maximises the summed similarity of the pairs,
 *      so paired articles keep their relative order → MODIFIED;
 *   3. what is still unpaired is paired greedily, most similar first (pairs
 *      that cross the order, e.g. an article moved and edited) → MODIFIED;
 *   4. the rest are ADDED (new only) or REMOVED (old only).
 *
 * Two articles may be paired when their character-level similarity,
 * 2·LCS / (|old| + |new|) over code points, is at least
 * ARTICLE_SIMILARITY_THRESHOLD. Computing an exact LCS for every pair would be
 * quadratic in articles and in characters, so steps 2–3 first run on a cheap
 * estimate (character-bigram Dice, see similarity.ts), then check the pairs
 * they chose with the exact measure; a rejected pair is excluded, confirmed
 * pairs get their exact score, and the alignment is redone until it is fully
 * confirmed, a round confirms nothing new, or MAX_ALIGNMENT_ROUNDS is reached.
 * Only confirmed pairs are reported as MODIFIED. (A pair whose bigram estimate
 * is below the threshold is never proposed, even if its exact similarity would
 * reach it; for real revisions both measures move together.)
 *
 * Spans: the two texts are first compared clause by clause (split after
 * Chinese and ASCII punctuation and line breaks) with jsdiff's diffArrays;
 * each replaced run of clauses is then compared character by character with
 * jsdiff's diffChars, unless it was rewritten beyond
 * MAX_CHARACTER_EDIT_DISTANCE edits, in which case it is shown as one deletion
 * and one insertion. This keeps span computation fast for heavily rewritten
 * articles while the spans always reconstruct both texts exactly.
 *
 * Output follows the new text's order; a REMOVED article is placed right
 * after the new article matched to its nearest surviving predecessor in the
 * old text (at the very start when it has none), i.e. where it used to be.
 */
import { diffArrays, diffChars } from 'diff';
import {
  BigramDictionary,
  bigramDiceMatrix,
  codePointSimilarity,
  lcsLength,
  toCodePoints,
} from './similarity';

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

/** Minimum character-level similarity for two texts to count as one modified article. */
export const ARTICLE_SIMILARITY_THRESHOLD = 0.5;

/** Replaced clause runs needing more character edits than this are shown whole. */
export const MAX_CHARACTER_EDIT_DISTANCE = 160;

/** Rounds of "align on estimates, confirm with exact similarity". */
const MAX_ALIGNMENT_ROUNDS = 4;

// ---------------------------------------------------------------------------
// Character spans

/** Clause endings: ，。；：、！？ , . ; : ! ? and line breaks. */
function endsClause(c: number): boolean {
  switch (c) {
    case 0xff0c: case 0x3002: case 0xff1b: case 0xff1a: case 0x3001: case 0xff01: case 0xff1f:
    case 0x2c: case 0x2e: case 0x3b: case 0x3a: case 0x21: case 0x3f: case 0x0a:
      return true;
    // Stryker disable next-line ConditionalExpression: without the default case the function returns undefined, as false to its callers as false
    default:
      return false;
  }
}

function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (endsClause(text.charCodeAt(i))) {
      clauses.push(text.slice(from, i + 1));
      from = i + 1;
    }
  }
  if (from < text.length) clauses.push(text.slice(from));
  return clauses;
}

function pushSpan(spans: TextSpan[], kind: TextSpan['kind'], text: string): void {
  if (text === '') return;
  const last = spans[spans.length - 1];
  if (last !== undefined && last.kind === kind) last.text += text;
  else spans.push({ kind, text });
}

function pushReplacement(spans: TextSpan[], removed: string, added: string): void {
  // No shortcut for an empty side: the character diff of '' and a text is that text, as below.
  const a = toCodePoints(removed);
  const b = toCodePoints(added);
  const edits = a.length + b.length - 2 * lcsLength(a, b);
  if (edits <= MAX_CHARACTER_EDIT_DISTANCE) {
    // Stryker disable next-line ObjectLiteral: maxEditLength only lets jsdiff give up early; edits is the exact distance, so it never does
    const changes = diffChars(removed, added, { maxEditLength: edits });
    if (changes !== undefined) {
      for (const change of changes) {
        pushSpan(spans, change.added ? 'INSERTED' : change.removed ? 'DELETED' : 'EQUAL', change.value);
      }
      return;
    }
  }
  pushSpan(spans, 'DELETED', removed);
  pushSpan(spans, 'INSERTED', added);
}

/**
 * Spans turning oldText into newText (EQUAL + DELETED spell oldText, EQUAL +
 * INSERTED spell newText); adjacent spans of one kind are merged.
 */
export function diffTextSpans(oldText: string, newText: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let removed = '';
  let added = '';
  for (const change of diffArrays(splitClauses(oldText), splitClauses(newText))) {
    const text = change.value.join('');
    if (change.removed) removed += text;
    else if (change.added) added += text;
    else {
      pushReplacement(spans, removed, added);
      removed = '';
      added = '';
      pushSpan(spans, 'EQUAL', text);
    }
  }
  pushReplacement(spans, removed, added);
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
    // Stryker disable next-line OptionalChaining: i comes from oldArticles' own indices, so oldArticles[i] is always there
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

/**
 * Order-preserving pairs maximising the summed score (weighted LCS), then
 * crossing pairs greedily by descending score, in no particular order.
 * `score` is row-major rows × cols; 0 means "may not be paired".
 */
function alignByScore(score: Float32Array, rows: number, cols: number): Array<[number, number]> {
  const width = cols + 1;
  const best = new Float64Array((rows + 1) * width);
  const step = new Uint8Array((rows + 1) * width); // 1 skip row, 2 skip column, 3 pair
  for (let r = 1; r <= rows; r++) {
    for (let c = 1; c <= cols; c++) {
      let value = best[(r - 1) * width + c]!;
      let move = 1;
      const left = best[r * width + c - 1]!;
      if (left > value) {
        value = left;
        move = 2;
      }
      // A 0 score ("may not be paired") never wins: best[r-1][c-1] ≤ best[r-1][c] ≤ value.
      const diagonal = best[(r - 1) * width + c - 1]! + score[(r - 1) * cols + (c - 1)]!;
      if (diagonal > value) {
        value = diagonal;
        move = 3;
      }
      best[r * width + c] = value;
      step[r * width + c] = move;
    }
  }

  const pairs: Array<[number, number]> = [];
  const rowTaken = new Uint8Array(rows);
  const colTaken = new Uint8Array(cols);
  for (let r = rows, c = cols; r > 0 && c > 0; ) {
    const move = step[r * width + c];
    if (move === 3) {
      pairs.push([r - 1, c - 1]);
      rowTaken[r - 1] = 1;
      colTaken[c - 1] = 1;
      r--;
      c--;
    } else if (move === 1) {
      r--;
    } else {
      c--;
    }
  }

  const crossing: Array<{ r: number; c: number; s: number }> = [];
  for (let r = 0; r < rows; r++) {
    if (rowTaken[r] === 1) continue;
    for (let c = 0; c < cols; c++) {
      const s = score[r * cols + c]!;
      if (s > 0 && colTaken[c] === 0) crossing.push({ r, c, s });
    }
  }
  crossing.sort((x, y) => y.s - x.s || x.c - y.c || x.r - y.r);
  for (const { r, c } of crossing) {
    if (rowTaken[r] === 1 || colTaken[c] === 1) continue;
    rowTaken[r] = 1;
    colTaken[c] = 1;
    pairs.push([r, c]);
  }
  return pairs;
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

  const oldCodePoints = restOld.map((i) => toCodePoints(oldArticles[i]!.text));
  const newCodePoints = restNew.map((j) => toCodePoints(newArticles[j]!.text));
  const dictionary = new BigramDictionary();
  const oldProfiles = oldCodePoints.map((cps) => dictionary.profile(cps));
  const newProfiles = newCodePoints.map((cps) => dictionary.profile(cps));
  const score = bigramDiceMatrix(oldProfiles, newProfiles, dictionary, ARTICLE_SIMILARITY_THRESHOLD);

  // Align on estimates; confirm chosen pairs with the exact similarity.
  const confirmed = new Uint8Array(rows * cols);
  // Stryker disable next-line ArrayDeclaration: the first round overwrites it before it is read
  let pairs: Array<[number, number]> = [];
  for (let round = 0; round < MAX_ALIGNMENT_ROUNDS; round++) {
    pairs = alignByScore(score, rows, cols);
    let confirmedAny = false;
    for (const [r, c] of pairs) {
      const cell = r * cols + c;
      if (confirmed[cell] === 1) continue;
      const exact = codePointSimilarity(oldCodePoints[r]!, newCodePoints[c]!);
      if (exact >= ARTICLE_SIMILARITY_THRESHOLD) {
        confirmed[cell] = 1;
        score[cell] = exact;
        confirmedAny = true;
      } else {
        score[cell] = 0;
      }
    }
    // Stop when a round confirmed nothing: either the alignment was already
    // fully confirmed (nothing left to check), or the estimates are unreliable
    // for these texts (e.g. unrelated articles sharing vocabulary; trying other
    // pairings would only be slow).
    if (!confirmedAny) break;
  }
  for (const [r, c] of pairs) {
    if (confirmed[r * cols + c] === 1) pair(m, restOld[r]!, restNew[c]!);
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
    const oldArticle = oldArticles[i]; // undefined for UNMATCHED (-1)
    entries.push(oldArticle === undefined ? addedEntry(a) : pairedEntry(oldArticle, a));
    for (const removed of removedAfter.get(j) ?? []) entries.push(removedEntry(removed));
  });
  return entries;
}
