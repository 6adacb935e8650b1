/**
 * Character-level text similarity for comparing article versions.
 *
 * - `characterSimilarity` is the exact measure: 2·LCS / (|a| + |b|) over
 *   Unicode code points (1 for identical texts, 0 for nothing in common),
 *   with the LCS length computed bit-parallel (Hyyrö's algorithm), i.e.
 *   O(|a|·|b| / 32) word operations and no quadratic table.
 * - `bigramDiceMatrix` is the cheap estimate used to propose candidate pairs
 *   among many articles at once: the Dice coefficient of character-bigram
 *   multisets, computed for all pairs through an inverted index, so the work
 *   is proportional to the number of shared bigram occurrences rather than
 *   to rows × columns × text length.
 */

/** The code points of a text (a surrogate pair counts as one character). */
export function toCodePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1); // NaN past the end: not a low surrogate
      if (low >= 0xdc00 && low <= 0xdfff) {
        out.push((c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Length of the longest common subsequence of two code point sequences. */
export function lcsLength(a: readonly number[], b: readonly number[]): number {
  // An empty side needs no shortcut: no words, no masks, no zeros. The shorter side is the pattern
  // only for speed (fewer words); the LCS is the same either way.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: either side as the pattern gives the same length
  const pattern = a.length <= b.length ? a : b;
  const text = pattern === a ? b : a;
  const words = (pattern.length + 31) >>> 5;

  // Match masks, one row of `words` words per distinct pattern character:
  // bit i of the row of c is set when pattern[i] === c.
  const rowOf = new Map<number, number>();
  for (const c of pattern) if (!rowOf.has(c)) rowOf.set(c, rowOf.size * words);
  const masks = new Int32Array(rowOf.size * words);
  for (let i = 0; i < pattern.length; i++) {
    masks[rowOf.get(pattern[i]!)! + (i >>> 5)]! |= 1 << (i & 31);
  }

  // V starts all ones; per text character: V = (V + (V & M)) | (V & ~M),
  // a multi-word addition done in 16-bit halves so all arithmetic stays int32.
  const v = new Int32Array(words).fill(-1);
  for (let k = 0; k < text.length; k++) {
    const row = rowOf.get(text[k]!);
    if (row === undefined) continue; // M = 0 leaves V unchanged
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const x = v[w]!;
      const m = masks[row + w]!;
      const u = x & m;
      const low = (x & 0xffff) + (u & 0xffff) + carry;
      const high = (x >>> 16) + (u >>> 16) + (low >>> 16);
      carry = high >>> 16;
      v[w] = (high << 16) | (low & 0xffff) | (x & ~m);
    }
  }

  // The LCS length is the number of zero bits among the pattern's bits. The bits past the pattern
  // in the last word stay 1 (their mask is 0, and V & ~M keeps them), so whole words can be counted.
  let zeros = 0;
  for (let w = 0; w < words; w++) zeros += 32 - popcount32(v[w]!);
  return zeros;
}

/** 2·LCS / (|a| + |b|) over code points; 1 when both are empty. */
export function characterSimilarity(a: string, b: string): number {
  return codePointSimilarity(toCodePoints(a), toCodePoints(b));
}

export function codePointSimilarity(a: readonly number[], b: readonly number[]): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * lcsLength(a, b)) / total;
}

// ---------------------------------------------------------------------------
// Bigram estimate

/** A text's character bigrams: distinct ids (ascending), their counts, and the total. */
export interface BigramProfile {
  ids: Uint32Array;
  counts: Uint32Array;
  size: number;
}

/** Maps bigrams to small dense ids; profiles compared together must share one dictionary. */
export class BigramDictionary {
  // previous code point (0: start of text) → current code point → bigram id.
  // Two small-integer keyed maps are much faster than one map keyed by a
  // combined number beyond the small-integer range.
  private readonly ids = new Map<number, Map<number, number>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bigrams of the text with a start sentinel, so a text of n characters has n bigrams. */
  profile(codePoints: readonly number[]): BigramProfile {
    const all = new Uint32Array(codePoints.length);
    let previous = -1;
    for (let i = 0; i < codePoints.length; i++) {
      const current = codePoints[i]!;
      let following = this.ids.get(previous);
      if (following === undefined) {
        following = new Map();
        this.ids.set(previous, following);
      }
      let id = following.get(current);
      if (id === undefined) {
        id = this.count++;
        following.set(current, id);
      }
      all[i] = id;
      previous = current;
    }
    all.sort();
    const ids: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const id = all[i]!;
      if (ids[ids.length - 1] === id) counts[counts.length - 1]!++; // ids[-1] is undefined
      else {
        ids.push(id);
        counts.push(1);
      }
    }
    return { ids: Uint32Array.from(ids), counts: Uint32Array.from(counts), size: all.length };
  }
}

/**
 * Bigram Dice coefficients for every (row, column) pair, row-major
 * (index row·columns.length + column); values below `minScore` are stored as 0.
 */
export function bigramDiceMatrix(
  rows: readonly BigramProfile[],
  columns: readonly BigramProfile[],
  dictionary: BigramDictionary,
  minScore: number,
): Float32Array {
  const result = new Float32Array(rows.length * columns.length);

  // Inverted index over the rows: for each bigram id, (row, count) postings.
  const start = new Uint32Array(dictionary.size + 1);
  for (const p of rows) for (const id of p.ids) start[id + 1]!++;
  for (let id = 0; id < dictionary.size; id++) start[id + 1]! += start[id]!;
  const postingRow = new Uint32Array(start[dictionary.size]!);
  const postingCount = new Uint32Array(postingRow.length);
  const fill = start.slice(0, dictionary.size);
  rows.forEach((p, r) => {
    for (let k = 0; k < p.ids.length; k++) {
      const at = fill[p.ids[k]!]!++;
      postingRow[at] = r;
      postingCount[at] = p.counts[k]!;
    }
  });

  const common = new Uint32Array(rows.length);
  columns.forEach((col, c) => {
    common.fill(0);
    for (let k = 0; k < col.ids.length; k++) {
      const id = col.ids[k]!;
      const count = col.counts[k]!;
      const end = start[id + 1]!;
      for (let at = start[id]!; at < end; at++) {
        const r = postingRow[at]!;
        const n = postingCount[at]!;
        common[r]! += Math.min(n, count);
      }
    }
    for (let r = 0; r < rows.length; r++) {
      const total = rows[r]!.size + col.size;
      const dice = total === 0 ? 1 : (2 * common[r]!) / total;
      if (dice >= minScore) result[r * columns.length + c] = dice;
    }
  });
  return result;
}
