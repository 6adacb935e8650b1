import {
  ARTICLE_SIMILARITY_THRESHOLD,
  MAX_CHARACTER_EDIT_DISTANCE,
  diffArticles,
  diffTextSpans,
} from '../../../functions/src/legislation/text/diff';
import type {
  ArticleDiffEntry,
  ComparableArticle,
  TextSpan,
} from '../../../functions/src/legislation/text/diff';
import { parseDraftText } from '../../../functions/src/legislation/text/parser';
import { draftFixtureSets, readDraftFixture } from '../../fixtures/drafts';
import { randomBody, seededRandom } from './generate-draft';

// Inputs are built inside each test, never in a describe body: code run outside a test would count as
// "static" for Stryker, which then re-runs the whole folder for each of its mutants (docs/TESTING.md).
const eldercareArticles = (name: 'eldercare-v1' | 'eldercare-v2'): ComparableArticle[] =>
  parseDraftText(readDraftFixture(name)).articles;

type Summary = [ArticleDiffEntry['change'], number | null, number | null];
const summarise = (entries: readonly ArticleDiffEntry[]): Summary[] =>
  entries.map((e) => [e.change, e.oldNumber, e.newNumber]);

function renumber(texts: readonly string[]): ComparableArticle[] {
  return texts.map((text, i) => ({ number: i + 1, text }));
}

function reconstruct(spans: readonly TextSpan[]): { oldText: string; newText: string } {
  let oldText = '';
  let newText = '';
  for (const span of spans) {
    if (span.kind !== 'INSERTED') oldText += span.text;
    if (span.kind !== 'DELETED') newText += span.text;
  }
  return { oldText, newText };
}

/** Spans rebuild both texts, are never empty, and adjacent spans differ in kind. */
function expectWellFormedSpans(spans: readonly TextSpan[], oldText: string, newText: string): void {
  expect(reconstruct(spans)).toEqual({ oldText, newText });
  spans.forEach((span, i) => {
    expect(span.text).not.toBe('');
    if (i > 0) expect(span.kind).not.toBe(spans[i - 1]!.kind);
  });
}

function expectConsistentEntries(entries: readonly ArticleDiffEntry[]): void {
  for (const e of entries) {
    if (e.change === 'MODIFIED') {
      expect(e.oldText).not.toBeNull();
      expect(e.newText).not.toBeNull();
      expect(e.oldText).not.toBe(e.newText);
      expectWellFormedSpans(e.spans, e.oldText!, e.newText!);
    } else {
      expect(e.spans).toEqual([]);
    }
    if (e.change === 'UNCHANGED') expect(e.oldNumber).toBe(e.newNumber);
    if (e.change === 'RENUMBERED') expect(e.oldNumber).not.toBe(e.newNumber);
    if (e.change === 'UNCHANGED' || e.change === 'RENUMBERED') expect(e.oldText).toBe(e.newText);
    if (e.change === 'ADDED') expect([e.oldNumber, e.oldText]).toEqual([null, null]);
    if (e.change === 'REMOVED') expect([e.newNumber, e.newText]).toEqual([null, null]);
  }
}

/** Every old and every new article appears exactly once, new ones in order. */
function expectCompleteCoverage(
  entries: readonly ArticleDiffEntry[],
  oldArticles: readonly ComparableArticle[],
  newArticles: readonly ComparableArticle[],
): void {
  const oldNumbers = entries.flatMap((e) => (e.oldNumber === null ? [] : [e.oldNumber]));
  const newNumbers = entries.flatMap((e) => (e.newNumber === null ? [] : [e.newNumber]));
  expect([...oldNumbers].sort((a, b) => a - b)).toEqual(oldArticles.map((a) => a.number));
  expect(newNumbers).toEqual(newArticles.map((a) => a.number));
}

// The structure every first/second reading pair guarantees (test/fixtures/drafts/README.md), on the
// project's texts and, as extra cases, on ../shared's when that folder is there.
describe.each(draftFixtureSets())('diffArticles on the eldercare texts of $source', (texts) => {
  it('classifies every article', () => {
    const v1 = parseDraftText(texts.v1).articles;
    const v2 = parseDraftText(texts.v2).articles;
    const entries = diffArticles(v1, v2);
    expect(summarise(entries)).toEqual([
      ['UNCHANGED', 1, 1],
      ['MODIFIED', 2, 2],
      ['MODIFIED', 3, 3],
      ['UNCHANGED', 4, 4],
      ['UNCHANGED', 5, 5],
      ['UNCHANGED', 6, 6],
      ['MODIFIED', 7, 7],
      ['UNCHANGED', 8, 8],
      ['UNCHANGED', 9, 9],
      ['UNCHANGED', 10, 10],
      ['UNCHANGED', 11, 11],
      ['ADDED', null, 12],
      ['RENUMBERED', 12, 13],
      ['MODIFIED', 13, 14],
      ['MODIFIED', 14, 15],
      ['RENUMBERED', 15, 16],
      ['RENUMBERED', 16, 17],
      ['RENUMBERED', 17, 18],
      ['MODIFIED', 18, 19],
      ['RENUMBERED', 19, 20],
      ['RENUMBERED', 20, 21],
      ['RENUMBERED', 21, 22],
      ['RENUMBERED', 22, 23],
    ]);
    expect(entries.some((e) => e.change === 'REMOVED')).toBe(false);
    expectConsistentEntries(entries);
    expectCompleteCoverage(entries, v1, v2);
  });

  it('reports the reverse comparison with a removed article in place', () => {
    const v1 = parseDraftText(texts.v1).articles;
    const v2 = parseDraftText(texts.v2).articles;
    const reverse = diffArticles(v2, v1);
    expect(summarise(reverse).slice(10, 14)).toEqual([
      ['UNCHANGED', 11, 11],
      ['REMOVED', 12, null],
      ['RENUMBERED', 13, 12],
      ['MODIFIED', 14, 13],
    ]);
    expect(reverse.filter((e) => e.change === 'MODIFIED').map((e) => [e.oldNumber, e.newNumber])).toEqual([
      [2, 2],
      [3, 3],
      [7, 7],
      [14, 13],
      [15, 14],
      [19, 18],
    ]);
    expectConsistentEntries(reverse);
    expectCompleteCoverage(reverse, v2, v1);
  });

  it('reports identical versions as all UNCHANGED', () => {
    const v1 = parseDraftText(texts.v1).articles;
    const same = diffArticles(v1, v1);
    expect(same.map((e) => e.change)).toEqual(v1.map(() => 'UNCHANGED'));
    expect(same.every((e) => e.spans.length === 0 && e.oldNumber === e.newNumber)).toBe(true);
  });

  it('is deterministic', () => {
    const v1 = parseDraftText(texts.v1).articles;
    const v2 = parseDraftText(texts.v2).articles;
    const entries = diffArticles(v1, v2);
    expect(diffArticles(v1, v2)).toEqual(entries);
  });
});

describe("diffArticles on the project's own eldercare texts", () => {
  it('gives character spans for the modified articles', () => {
    const entries = diffArticles(eldercareArticles('eldercare-v1'), eldercareArticles('eldercare-v2'));
    const changed = (oldNumber: number): TextSpan[] =>
      (entries.find((e) => e.oldNumber === oldNumber)?.spans ?? []).filter((s) => s.kind !== 'EQUAL');
    expect(changed(2)).toEqual([{ kind: 'INSERTED', text: '、法律援助' }]);
    expect(changed(3)).toEqual([{ kind: 'INSERTED', text: '坚持党的领导，' }]);
    expect(changed(7)).toEqual([
      { kind: 'INSERTED', text: '同步验收、' },
      { kind: 'DELETED', text: '逐步' },
      { kind: 'INSERTED', text: '限期' },
    ]);
    expect(changed(13)).toEqual([{ kind: 'DELETED', text: '\n养老机构预收服务费用的期限不得超过十二个月。' }]);
    expect(changed(18)).toEqual([
      { kind: 'INSERTED', text: '\n养老机构收取预付费用的，应当将预收资金存入专用账户，接受民政部门和银行的共同监管。' },
    ]);
    const item = reconstruct(changed(14));
    expect(item.oldText).toBe('');
    expect(item.newText).toContain('经济困难的高龄、独居老年人；');
  });
});

describe('diffArticles matching', () => {
  it('places a removed article where it was', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const newArticles = renumber(texts.filter((_, i) => i !== 4)); // drop article 5
    const entries = diffArticles(v1, newArticles);
    expect(summarise(entries).slice(0, 7)).toEqual([
      ['UNCHANGED', 1, 1],
      ['UNCHANGED', 2, 2],
      ['UNCHANGED', 3, 3],
      ['UNCHANGED', 4, 4],
      ['REMOVED', 5, null],
      ['RENUMBERED', 6, 5],
      ['RENUMBERED', 7, 6],
    ]);
    expect(entries).toHaveLength(22);
    expect(entries[4]?.oldText).toBe(texts[4]);
    expectConsistentEntries(entries);
    expectCompleteCoverage(entries, v1, newArticles);
  });

  it('places removed first articles at the start and keeps their order', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const newArticles = renumber(texts.slice(2));
    expect(summarise(diffArticles(v1, newArticles)).slice(0, 3)).toEqual([
      ['REMOVED', 1, null],
      ['REMOVED', 2, null],
      ['RENUMBERED', 3, 1],
    ]);
  });

  it('reports an article replaced by an unrelated one as REMOVED then ADDED', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const replaced = [...texts];
    replaced[9] = '本市设立养老服务发展专项资金，专款专用。'; // replaces article 10
    const entries = diffArticles(v1, renumber(replaced));
    expect(summarise(entries).slice(8, 12)).toEqual([
      ['UNCHANGED', 9, 9],
      ['REMOVED', 10, null],
      ['ADDED', null, 10],
      ['UNCHANGED', 11, 11],
    ]);
  });

  it('reports added articles at the end', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const newArticles = renumber([...texts, '本条例由市人民政府负责解释。']);
    expect(summarise(diffArticles(v1, newArticles)).slice(-2)).toEqual([
      ['UNCHANGED', 22, 22],
      ['ADDED', null, 23],
    ]);
  });

  it('follows moved articles by content', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const moved = [...texts];
    const [article3] = moved.splice(2, 1);
    moved.splice(6, 0, article3!); // article 3 moves after article 7
    const entries = diffArticles(v1, renumber(moved));
    expect(summarise(entries).slice(0, 8)).toEqual([
      ['UNCHANGED', 1, 1],
      ['UNCHANGED', 2, 2],
      ['RENUMBERED', 4, 3],
      ['RENUMBERED', 5, 4],
      ['RENUMBERED', 6, 5],
      ['RENUMBERED', 7, 6],
      ['RENUMBERED', 3, 7],
      ['UNCHANGED', 8, 8],
    ]);
  });

  it('pairs modified articles that swapped places', () => {
    const v1 = eldercareArticles('eldercare-v1');
    const texts = v1.map((a) => a.text);
    const swapped = [...texts];
    swapped[0] = texts[5]!.replace('编制', '组织编制');
    swapped[5] = texts[0]!.replace('推动', '促进');
    const entries = diffArticles(v1, renumber(swapped));
    const modified = entries.filter((e) => e.change === 'MODIFIED').map((e) => [e.oldNumber, e.newNumber]);
    expect(modified).toEqual([
      [6, 1],
      [1, 6],
    ]);
    expect(entries.some((e) => e.change === 'ADDED' || e.change === 'REMOVED')).toBe(false);
    expectConsistentEntries(entries);
  });

  it('prefers an identical article with the same number among duplicates', () => {
    const oldArticles = renumber(['（删除）', '（删除）']);
    const newArticles = renumber(['本条例自公布之日起施行。', '（删除）']);
    expect(summarise(diffArticles(oldArticles, newArticles))).toEqual([
      ['REMOVED', 1, null],
      ['ADDED', null, 1],
      ['UNCHANGED', 2, 2],
    ]);
    // Without a same-number twin, identical texts pair in document order.
    expect(summarise(diffArticles(oldArticles, renumber(['（删除）'])))).toEqual([
      ['UNCHANGED', 1, 1],
      ['REMOVED', 2, null],
    ]);
  });

  it(`pairs texts at a similarity of ${ARTICLE_SIMILARITY_THRESHOLD} but not below`, () => {
    const base = renumber(['开头条款内容。', '一二三四五六七八九十', '结尾条款内容。']);
    const atThreshold = renumber(['开头条款内容。', '一二三四五子丑寅卯辰', '结尾条款内容。']);
    const below = renumber(['开头条款内容。', '一二三四子丑寅卯辰巳', '结尾条款内容。']);
    expect(summarise(diffArticles(base, atThreshold))[1]).toEqual(['MODIFIED', 2, 2]);
    expect(summarise(diffArticles(base, below))).toEqual([
      ['UNCHANGED', 1, 1],
      ['REMOVED', 2, null],
      ['ADDED', null, 2],
      ['UNCHANGED', 3, 3],
    ]);
  });

  it('handles empty inputs', () => {
    expect(diffArticles([], [])).toEqual([]);
    expect(summarise(diffArticles([], renumber(['甲。'])))).toEqual([['ADDED', null, 1]]);
    expect(summarise(diffArticles(renumber(['甲。']), []))).toEqual([['REMOVED', 1, null]]);
  });
});

describe('diffTextSpans', () => {
  it('returns merged character spans', () => {
    expect(diffTextSpans('甲乙丙', '甲乙丁')).toEqual([
      { kind: 'EQUAL', text: '甲乙' },
      { kind: 'DELETED', text: '丙' },
      { kind: 'INSERTED', text: '丁' },
    ]);
    expect(diffTextSpans('', '')).toEqual([]);
    expect(diffTextSpans('', '新。')).toEqual([{ kind: 'INSERTED', text: '新。' }]);
    expect(diffTextSpans('旧。', '')).toEqual([{ kind: 'DELETED', text: '旧。' }]);
    expect(diffTextSpans('同。', '同。')).toEqual([{ kind: 'EQUAL', text: '同。' }]);
  });

  it('shows a clause rewritten beyond the edit limit as one deletion and one insertion', () => {
    const random = seededRandom(3);
    const before = randomBody(random, MAX_CHARACTER_EDIT_DISTANCE * 2).replace(/[，。]/g, '');
    const after = randomBody(random, MAX_CHARACTER_EDIT_DISTANCE * 2).replace(/[，。]/g, '');
    const spans = diffTextSpans(`第一句。${before}。末句。`, `第一句。${after}。末句。`);
    expect(spans).toEqual([
      { kind: 'EQUAL', text: '第一句。' },
      { kind: 'DELETED', text: `${before}。` },
      { kind: 'INSERTED', text: `${after}。` },
      { kind: 'EQUAL', text: '末句。' },
    ]);
  });

  it('always reconstructs both texts (random edits, punctuation, surrogate pairs)', () => {
    const random = seededRandom(11);
    const alphabet = ['甲', '乙', '丙', '丁', '，', '。', '；', '\n', '𠀀', '𠀁', 'a', ' '];
    const pick = (): string => alphabet[Math.floor(random() * alphabet.length)]!;
    for (let round = 0; round < 300; round++) {
      const oldText = Array.from({ length: Math.floor(random() * 80) }, pick).join('');
      let newText = oldText;
      const edits = Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (newText.length + 1));
        newText = newText.slice(0, at) + Array.from({ length: Math.floor(random() * 5) }, pick).join('') + newText.slice(at + Math.floor(random() * 4));
      }
      // Slicing may have split a surrogate pair; only compare well-formed text.
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(newText)) continue;
      expectWellFormedSpans(diffTextSpans(oldText, newText), oldText, newText);
    }
  });
});

// The matching at scale, on synthetic articles. The sizes are kept small on purpose: the behaviour is
// the same at 300 articles (timed by `npm run bench`), and every mutant of diff.ts and similarity.ts
// runs these tests, so their size sets the length of `npm run mutate -- legislation`.
describe('diffArticles on generated articles of 200 characters', () => {
  const ARTICLES = 60;
  const LENGTH = 200;
  const generatedBodies = (count: number, seed: number): string[] => {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => randomBody(random, LENGTH));
  };

  function smallEdits(text: string, random: () => number): string {
    let out = text;
    for (let k = 0; k < 4; k++) {
      const at = Math.floor(random() * (out.length - 4));
      out = out.slice(0, at) + '依法' + out.slice(at + 3);
    }
    return out;
  }

  it('a second reading: insertions, removals, edits and renumbering', () => {
    const oldArticles = renumber(generatedBodies(ARTICLES, 1));
    const random = seededRandom(5);
    const extra = generatedBodies(10, 77);
    const newTexts: string[] = [];
    oldArticles.forEach(({ text }, i) => {
      if (i % 12 === 6) return; // 5 removed
      newTexts.push(i % 10 === 3 ? smallEdits(text, random) : text); // 6 modified
      if (i % 12 === 9) newTexts.push(extra[newTexts.length % 10]!); // 5 added
    });
    const newArticles = renumber(newTexts);
    const result = diffArticles(oldArticles, newArticles);
    const count = (change: string): number => result.filter((e) => e.change === change).length;
    expect([count('REMOVED'), count('ADDED'), count('MODIFIED')]).toEqual([5, 5, 6]);
    expect(count('UNCHANGED') + count('RENUMBERED')).toBe(ARTICLES - 5 - 6);
    expectConsistentEntries(result);
    expectCompleteCoverage(result, oldArticles, newArticles);
  });

  it('every article edited', () => {
    const oldArticles = renumber(generatedBodies(20, 1));
    const random = seededRandom(6);
    const newArticles = renumber(oldArticles.map(({ text }) => smallEdits(text, random)));
    const result = diffArticles(oldArticles, newArticles);
    expect(summarise(result)).toEqual(oldArticles.map((a): Summary => ['MODIFIED', a.number, a.number]));
  });

  // Some pairs share enough bigrams to be proposed, and are all refused by the exact measure.
  it('an unrelated text sharing the same vocabulary', () => {
    const oldArticles = renumber(generatedBodies(20, 1));
    const newArticles = renumber(generatedBodies(20, 99));
    const result = diffArticles(oldArticles, newArticles);
    expect(result.filter((e) => e.change === 'MODIFIED')).toEqual([]);
    expect(result).toHaveLength(40);
  });
});
