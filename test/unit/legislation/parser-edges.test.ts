/**
 * The draft parser at its edges: headings alone on their line, titles on the next line, the
 * table-of-contents lookahead, every cross-reference follower, numbering messages past 9,999,
 * items, and exactly which characters count as whitespace.
 */
import { parseDraftText } from '../../../functions/src/legislation/text/parser';
import { parseError } from './parser-support';
import type { ParsedDraftText } from '../../../functions/src/legislation/text/parser';


const lines = (...text: string[]): string => text.join('\n');
const paragraphsOf = (parsed: ParsedDraftText, n: number): { text: string; items: string[] }[] =>
  parsed.articles.find((a) => a.number === n)?.paragraphs ?? [];

describe('headings alone on their line', () => {
  test('an article heading alone with a skipped number is a numbering error, not text', () => {
    const error = parseError(lines('第一条　甲。', '第三条', '乙。'));
    expect(error.line).toBe(2);
    expect(error.reason).toBe('article numbering skips from 第一条 to 第三条 (expected 第二条)');
    expect(error.message).toBe('line 2: article numbering skips from 第一条 to 第三条 (expected 第二条)');
    expect(error.name).toBe('DraftTextError');
  });

  test('a chapter heading alone with a skipped number is a numbering error', () => {
    expect(parseError(lines('第一章', '总则', '第一条　甲。', '第三章')).reason).toBe(
      'chapter numbering skips from 第一章 to 第三章 (expected 第二章)',
    );
  });

  test('an article whose body starts on the next line keeps each line as a paragraph, with its items', () => {
    const parsed = parseDraftText(lines('第一条', '为了规范养老服务，制定本条例。', '', '本条例适用于：', '（一）城市；', '（二）农村。', '第二条　乙。'));
    expect(paragraphsOf(parsed, 1)).toEqual([
      { text: '为了规范养老服务，制定本条例。', items: [] },
      { text: '本条例适用于：', items: ['（一）城市；', '（二）农村。'] },
    ]);
    expect(parsed.articles[0]?.text).toBe('为了规范养老服务，制定本条例。\n本条例适用于：\n（一）城市；\n（二）农村。');
  });

  test('a section title on the next line', () => {
    const parsed = parseDraftText(lines('第一章　总则', '第一节', '一般  规定', '第一条　甲。', '第二节', '特别规定', '第二条　乙。'));
    expect(parsed.chapters[0]?.sections.map((s) => [s.numberText, s.title, s.line, s.articleNumbers])).toEqual([
      ['第一节', '一般 规定', 2, [1]],
      ['第二节', '特别规定', 5, [2]],
    ]);
    expect(parsed.articles.map((a) => [a.number, a.chapterNumber, a.sectionNumber])).toEqual([
      [1, 1, 1],
      [2, 1, 2],
    ]);
  });

  test('a chapter without a title followed by its first article keeps an empty title', () => {
    const parsed = parseDraftText(lines('第一章', '第一条　甲。', '乙。'));
    expect(parsed.chapters[0]?.title).toBe('');
    expect(paragraphsOf(parsed, 1).map((p) => p.text)).toEqual(['甲。', '乙。']);
  });

  test('an item right after a title-less chapter is not its title, and is outside any article', () => {
    const error = parseError(lines('第一章', '（一）甲；'));
    expect(error.reason).toBe('text after 第一章 is not inside any article');
    expect(error.line).toBe(2);
  });

  test('text after a titled chapter or section, before its first article, is refused', () => {
    expect(parseError(lines('第一章　总则', '说明文字。')).reason).toBe('text after 第一章 is not inside any article');
    expect(parseError(lines('第一章　总则', '第一节　一般规定', '说明文字。')).reason).toBe('text after 第一节 is not inside any article');
  });

  test('a section outside any chapter', () => {
    const error = parseError(lines('第一节　一般规定', '第一条　甲。'));
    expect(error.reason).toBe('section 第一节 is not inside any chapter');
    expect(error.line).toBe(1);
  });

  test('section numbering restarts per chapter and its message names the chapter', () => {
    expect(parseError(lines('第一章　总则', '第二节　一般规定')).reason).toBe('section numbering in 第一章 must start at 第一节, found 第二节');
    expect(parseError(lines('第一章　总则', '第一节　甲', '第一条　甲。', '第一节　乙')).reason).toBe(
      'section numbering in 第一章 repeats 第一节 after 第一节 (expected 第二节)',
    );
  });

  test('numbering messages for the first heading and for repeats', () => {
    expect(parseError('第二条　甲。').reason).toBe('article numbering must start at 第一条, found 第二条');
    expect(parseError('第二章　总则').reason).toBe('chapter numbering must start at 第一章, found 第二章');
    expect(parseError(lines('第一条　甲。', '第二条　乙。', '第二条 丙。')).reason).toBe(
      'article numbering repeats 第二条 after 第二条 (expected 第三条)',
    );
  });

  test('numbers past 9,999 are named in digits in messages', () => {
    expect(parseError(lines('第一条　甲。', '第10000条　乙。')).reason).toBe('article numbering skips from 第一条 to 第10000条 (expected 第二条)');
    expect(parseError(lines('第一条　甲。', '第9999条　乙。')).reason).toBe('article numbering skips from 第一条 to 第九千九百九十九条 (expected 第二条)');
    expect(parseError('第123456789条　甲。').reason).toBe('article numbering must start at 第一条, found 第123456789条');
  });

  test('a number of ten digits or more, or 第 with no kind after it, is ordinary text', () => {
    const parsed = parseDraftText(lines('第一条　甲。', '第1234567890条 乙。', '第一', '第一次会议'));
    expect(paragraphsOf(parsed, 1).map((p) => p.text)).toEqual(['甲。', '第1234567890条 乙。', '第一', '第一次会议']);
  });

  test('a malformed numeral is not a heading', () => {
    const parsed = parseDraftText(lines('第一条　甲。', '第一二条 乙。'));
    expect(paragraphsOf(parsed, 1).map((p) => p.text)).toEqual(['甲。', '第一二条 乙。']);
  });
});

describe('cross-references at the start of a line', () => {
  test.each(['、', '，', ',', '。', '．', '.', '；', ';', '：', ':', '）', ')', '”', '"', '」', '》', '的', '至'])(
    '"第二条%s…" stays text of the article before it',
    (follower) => {
      const line = `第二条${follower}第三条另有规定。`;
      const parsed = parseDraftText(lines('第一条　甲。', line, '第二条　乙。'));
      expect(paragraphsOf(parsed, 1).map((p) => p.text)).toEqual(['甲。', line]);
      expect(parsed.articles).toHaveLength(2);
    },
  );

  test('other text right after the marker makes the next expected number a heading', () => {
    const parsed = parseDraftText(lines('第一条　甲。', '第二条【宗旨】乙。'));
    expect(paragraphsOf(parsed, 2).map((p) => p.text)).toEqual(['【宗旨】乙。']);
  });
});

describe('table of contents (目录)', () => {
  test('a 目录 line followed by ordinary text is preamble, not a table of contents', () => {
    const parsed = parseDraftText(lines('某某条例', '目录', '本条例的说明。', '第一章　总则', '第一条　甲。'));
    expect(parsed.title).toBe('某某条例');
    expect(parsed.chapters.map((c) => c.title)).toEqual(['总则']);
    expect(parsed.articles).toHaveLength(1);
  });

  test('a 目录 line followed by an article, or by a cross-reference, is not a table of contents', () => {
    expect(parseDraftText(lines('目录', '', '第一条　甲。')).articles).toHaveLength(1);
    const parsed = parseDraftText(lines('某某条例', '目录', '第一章、第二章', '第一章　总则', '第一条　甲。'));
    expect(parsed.chapters).toHaveLength(1);
  });

  test('a 目录 line as the title, spaced out, followed by a table whose body never restarts', () => {
    // The chapter list runs to the end: nothing was skipped, so the list is the body.
    const error = parseError(lines('目　录', '第一章　总则', '第二章　附则'));
    expect(error.reason).toBe('no article (第一条) found: this is not a legal text');
    expect(parseDraftText(lines('目 录', '第一章　总则', '第一条　甲。')).title).toBeNull();
  });

  test('the body starts where a chapter number repeats, with blank lines and sections in the table', () => {
    const parsed = parseDraftText(
      lines('某某条例', '目录', '第一章　总则', '', '第一节　一般规定', '第二章　附则', '', '第一章　总则', '第一节　一般规定', '第一条　甲。', '第二章　附则', '第二条　乙。'),
    );
    expect(parsed.chapters.map((c) => [c.number, c.line])).toEqual([
      [1, 8],
      [2, 11],
    ]);
    expect(parsed.title).toBe('某某条例');
  });

  test('a table restarting at a lower but not first chapter still ends the table', () => {
    const error = parseError(lines('目录', '第一章　总则', '第二章　分则', '第三章　附则', '第二章　分则'));
    expect(error.reason).toBe('chapter numbering must start at 第一章, found 第二章');
    expect(error.line).toBe(5);
  });

  test('目录 needs exactly those two letters', () => {
    const parsed = parseDraftText(lines('目录说明', '第一条　甲。'));
    expect(parsed.title).toBe('目录说明');
  });
});

describe('items (项)', () => {
  test('either parenthesis width, and numbers past ten', () => {
    const items = Array.from({ length: 12 }, (_, i) => {
      const n = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'][i];
      return i % 2 === 0 ? `（${n}）项${i + 1}；` : `(${n})项${i + 1}；`;
    });
    const parsed = parseDraftText(lines('第一条　下列事项：', ...items));
    expect(paragraphsOf(parsed, 1)[0]?.items).toEqual(items);
  });

  test('an item marker with a long numeral, or nothing between the parentheses, is text', () => {
    const parsed = parseDraftText(lines('第一条　甲：', '（一千一百一十一）不是项。', '（）空括号。', '（甲）也不是。', '(1) 数字编号。'));
    expect(paragraphsOf(parsed, 1)).toEqual([
      { text: '甲：', items: [] },
      { text: '（一千一百一十一）不是项。', items: [] },
      { text: '（）空括号。', items: [] },
      { text: '（甲）也不是。', items: [] },
      { text: '(1) 数字编号。', items: [] },
    ]);
  });

  test('an item with a six-character numeral is still an item when it is the next one', () => {
    const markers = Array.from({ length: 9 }, (_, i) => `（${['一', '二', '三', '四', '五', '六', '七', '八', '九'][i]}）x；`);
    const parsed = parseDraftText(lines('第一条　甲：', ...markers));
    expect(paragraphsOf(parsed, 1)[0]?.items).toHaveLength(9);
    expect(parseError(lines('第一条　甲：', '（一百零一）x；')).reason).toBe('item （一百零一） in 第一条 is out of sequence: expected （一）');
  });

  test('item content is trimmed and collapsed; an item without content is refused', () => {
    const parsed = parseDraftText(lines('第一条　甲：', '（一）\u3000乙  丙；'));
    expect(paragraphsOf(parsed, 1)[0]?.items).toEqual(['（一）乙 丙；']);
    const error = parseError(lines('第一条　甲：', '（一）\u3000'));
    expect(error.reason).toBe('item （一） in 第一条 has no text');
    expect(error.line).toBe(2);
  });

  test('items restart at （一） in each paragraph', () => {
    const parsed = parseDraftText(lines('第一条　甲：', '（一）a；', '乙：', '（一）b；', '（二）c。'));
    expect(paragraphsOf(parsed, 1)).toEqual([
      { text: '甲：', items: ['（一）a；'] },
      { text: '乙：', items: ['（一）b；', '（二）c。'] },
    ]);
    expect(parseError(lines('第一条　甲：', '（一）a；', '（三）c。')).reason).toBe('item （三） in 第一条 is out of sequence: expected （二）');
  });

  test('an article of items only has an empty lead paragraph', () => {
    const parsed = parseDraftText(lines('第一条', '（一）a；', '（二）b。'));
    expect(paragraphsOf(parsed, 1)).toEqual([{ text: '', items: ['（一）a；', '（二）b。'] }]);
    expect(parsed.articles[0]?.text).toBe('（一）a；\n（二）b。');
  });
});

describe('whitespace', () => {
  // The characters JavaScript's \s matches, and their neighbours that it does not.
  const SPACES = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
  const NOT_SPACES = [0x08, 0x0e, 0x1f, 0x21, 0x85, 0x9f, 0xa1, 0x167f, 0x1681, 0x1fff, 0x200b, 0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2fff, 0x3001, 0xfefe, 0xff00];

  test('the test lists agree with JavaScript\'s \\s', () => {
    for (const c of SPACES) expect(/\s/.test(String.fromCharCode(c))).toBe(true);
    for (const c of NOT_SPACES) expect(/\s/.test(String.fromCharCode(c))).toBe(false);
  });

  test.each(SPACES.map((c) => [c.toString(16).padStart(4, '0'), c]))('U+%s is not counted as a character', (_hex, c) => {
    expect(parseDraftText(`第一条　甲${String.fromCharCode(c)}乙。`).characterCount).toBe(6);
  });

  test.each(NOT_SPACES.map((c) => [c.toString(16).padStart(4, '0'), c]))('U+%s is counted as a character', (_hex, c) => {
    expect(parseDraftText(`第一条　甲${String.fromCharCode(c)}乙。`).characterCount).toBe(7);
  });

  test.each([0x1680, 0x2000, 0x2003, 0x200a, 0x202f, 0x205f, 0xfeff, 0x0b, 0x0c])(
    'the Unicode space %i separates a heading, is trimmed, and collapses inside a line',
    (c) => {
      const s = String.fromCharCode(c);
      const parsed = parseDraftText(`${s}第一条${s}甲${s}${s}乙。${s}\n第二条${s}${s}丙。`);
      expect(parsed.articles.map((a) => a.text)).toEqual(['甲 乙。', '丙。']);
    },
  );

  test('line and paragraph separators trim like spaces but are not collapsed inside a line', () => {
    const parsed = parseDraftText('第一条\u2028甲\u2029乙。\u2029');
    expect(parsed.articles[0]?.text).toBe('甲\u2029乙。');
  });

  test('a zero-width space is not a separator: the heading rule for unseparated text applies', () => {
    const parsed = parseDraftText(lines('第一条　甲。', '第三条\u200b乙。'));
    expect(paragraphsOf(parsed, 1).map((p) => p.text)).toEqual(['甲。', '第三条\u200b乙。']);
  });

  test('characters are counted by code point; a lone surrogate counts once', () => {
    expect(parseDraftText('第一条　𠀀𠀁。').characterCount).toBe(6);
    expect(parseDraftText('第一条　\udc00甲').characterCount).toBe(5);
    expect(parseDraftText('第一条　甲\ud800').characterCount).toBe(5);
    expect(parseDraftText('第一条　\udc00\ud800').characterCount).toBe(5);
  });
});
