import { MAX_DRAFT_TEXT_CHARACTERS, parseDraftText } from '../../../functions/src/legislation/text/parser';
import { parseError } from './parser-support';
import type { ParsedArticle, ParsedDraftText } from '../../../functions/src/legislation/text/parser';
import { toChineseNumeral } from '../../../functions/src/legislation/text/numerals';
import { draftFixtureSets, readDraftFixture } from '../../fixtures/drafts';
import { generateDraft } from './generate-draft';

function article(parsed: ParsedDraftText, n: number): ParsedArticle {
  const found = parsed.articles.find((a) => a.number === n);
  if (found === undefined) throw new Error(`article ${n} not parsed`);
  return found;
}


/** Independent count: non-whitespace code points. */
const nonWhitespaceCodePoints = (text: string): number => [...text.replace(/\s/gu, '')].length;

// What every first/second reading pair guarantees (test/fixtures/drafts/README.md): checked on the
// project's texts, and on ../shared's as extra cases when that folder is there.
//
// Every test parses its own input: code run in a describe body runs outside any test, which would make
// Stryker count the parser as "static" and re-run the whole folder for each of its mutants (docs/TESTING.md).
describe.each(draftFixtureSets())('parseDraftText on the eldercare texts of $source', ({ v1: v1Text, v2: v2Text }) => {
  it('reads the title, 8 chapters and 22 articles of v1', () => {
    const v1 = parseDraftText(v1Text);
    expect(v1.title).toMatch(/条例（草案）$/);
    expect(v1.chapters.map((c) => [c.number, c.numberText])).toEqual(
      Array.from({ length: 8 }, (_, i) => [i + 1, `第${toChineseNumeral(i + 1)}章`]),
    );
    expect([v1.chapters[0]?.title, v1.chapters[7]?.title]).toEqual(['总则', '附则']);
    expect(v1.articles.map((a) => a.number)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(v1.articles.map((a) => a.numberText)).toEqual(
      Array.from({ length: 22 }, (_, i) => `第${toChineseNumeral(i + 1)}条`),
    );
    expect(v1.characterCount).toBe(nonWhitespaceCodePoints(v1Text));
  });

  it('assigns every article to its chapter', () => {
    const v1 = parseDraftText(v1Text);
    const chapterOf: Record<number, number> = {};
    [
      [1, 5],
      [6, 8],
      [9, 11],
      [12, 14],
      [15, 16],
      [17, 19],
      [20, 21],
      [22, 22],
    ].forEach(([from, to], i) => {
      for (let n = from!; n <= to!; n++) chapterOf[n] = i + 1;
    });
    for (const a of v1.articles) {
      expect([a.number, a.chapterNumber, a.sectionNumber]).toEqual([a.number, chapterOf[a.number], null]);
    }
    expect(v1.chapters.map((c) => c.articleNumbers)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8],
      [9, 10, 11],
      [12, 13, 14],
      [15, 16],
      [17, 18, 19],
      [20, 21],
      [22],
    ]);
    expect(v1.chapters.every((c) => c.sections.length === 0)).toBe(true);
  });

  it('splits paragraphs at blank lines and strips the article number', () => {
    const v1 = parseDraftText(v1Text);
    expect(article(v1, 2).paragraphs).toHaveLength(2);
    for (const a of v1.articles) {
      expect(a.text).toBe(a.paragraphs.map((p) => [p.text, ...p.items].join('\n')).join('\n'));
      expect(a.text.startsWith('第')).toBe(false);
    }
  });

  it('reads the four items of article 14 as one paragraph', () => {
    const v1 = parseDraftText(v1Text);
    const a14 = article(v1, 14);
    expect(a14.paragraphs).toHaveLength(1);
    expect(a14.paragraphs[0]?.items.map((item) => item.slice(0, 3))).toEqual(['（一）', '（二）', '（三）', '（四）']);
  });

  it('does not split article 20 at its reference to 第八条', () => {
    const v1 = parseDraftText(v1Text);
    const a20 = article(v1, 20);
    expect(a20.paragraphs).toHaveLength(1);
    expect(a20.text).toContain('第八条');
    expect(a20.text.startsWith('第八条')).toBe(false);
  });

  it('reads v2: 23 articles, the new article 12 in chapter 3, five items in article 15', () => {
    const v1 = parseDraftText(v1Text);
    const v2 = parseDraftText(v2Text);
    expect(v2.title).toMatch(/条例（草案二次审议稿）$/);
    expect(v2.chapters).toHaveLength(8);
    expect(v2.articles).toHaveLength(23);
    expect(article(v2, 12).chapterNumber).toBe(3);
    expect(article(v2, 15).paragraphs[0]?.items).toHaveLength(5);
    expect(article(v2, 14).paragraphs).toHaveLength(article(v1, 13).paragraphs.length - 1);
    expect(article(v2, 19).paragraphs).toHaveLength(article(v1, 18).paragraphs.length + 1);
  });
});

describe("parseDraftText on the project's own eldercare texts", () => {
  const parseV1 = (): ParsedDraftText => parseDraftText(readDraftFixture('eldercare-v1'));

  it('reads the titles and chapter titles', () => {
    const v1 = parseV1();
    const v2 = parseDraftText(readDraftFixture('eldercare-v2'));
    expect(v1.title).toBe('吕梁市城乡养老服务促进条例（草案）');
    expect(v2.title).toBe('吕梁市城乡养老服务促进条例（草案二次审议稿）');
    expect(v1.chapters.map((c) => c.title)).toEqual([
      '总则',
      '设施规划与建设',
      '居家和社区养老服务',
      '机构养老服务',
      '医养康养结合',
      '扶持与监督',
      '法律责任',
      '附则',
    ]);
  });

  it('records start lines', () => {
    const v1 = parseV1();
    expect(v1.chapters[0]?.line).toBe(3);
    expect(article(v1, 1).line).toBe(5);
    expect(article(v1, 2).line).toBe(7);
    expect(article(v1, 14).line).toBe(47);
  });

  it('splits paragraphs and strips the article number', () => {
    const v1 = parseV1();
    const a2 = article(v1, 2);
    expect(a2.paragraphs).toEqual([
      { text: '本条例适用于本市行政区域内养老服务的提供、保障和监督管理。', items: [] },
      {
        text: '本条例所称养老服务，是指为老年人提供的生活照料、康复护理、健康管理、精神关爱和应急救助等服务。',
        items: [],
      },
    ]);
    expect(a2.text).toBe(a2.paragraphs.map((p) => p.text).join('\n'));
    expect(article(v1, 5).paragraphs).toHaveLength(2);
    // Full-width blanks inside a line are kept.
    expect(article(v1, 22).text).toBe('本条例自　　年　　月　　日起施行。');
  });

  it('reads the four items of article 14', () => {
    const v1 = parseV1();
    const a14 = article(v1, 14);
    const items = [
      '（一）特困供养人员中的老年人；',
      '（二）最低生活保障家庭中的失能、半失能老年人；',
      '（三）计划生育特殊家庭中的老年人；',
      '（四）其他符合优先接收条件的老年人。',
    ];
    expect(a14.paragraphs).toEqual([{ text: '公办养老机构应当优先接收下列老年人：', items }]);
    expect(a14.text).toBe(['公办养老机构应当优先接收下列老年人：', ...items].join('\n'));
  });

  it('keeps article 20 whole around its reference to 第八条', () => {
    const v1 = parseV1();
    expect(article(v1, 20).text).toBe(
      '违反本条例第八条规定，擅自改变养老服务设施用途的，由民政部门责令限期改正；逾期不改正的，处五万元以上十万元以下的罚款。',
    );
    expect(article(v1, 8).text).toBe(
      '养老服务设施不得擅自改变用途。因公共利益确需改变的，应当经原批准机关同意，并在就近地点补建不少于原面积的设施。',
    );
  });
});

describe('parseDraftText structure', () => {
  it('reads sections, restarting their numbers in each chapter', () => {
    const parsed = parseDraftText(
      [
        '某某条例',
        '第一章　总则',
        '第一条　目的。',
        '第二章　管理',
        '第二条　不在节内的条。',
        '第一节　一般规定',
        '第三条　第一节的条。',
        '第四条　第一节的另一条。',
        '第二节　特别规定',
        '第五条　第二节的条。',
        '第三章　附则',
        '第一节　过渡',
        '第六条　第三章第一节的条。',
      ].join('\n'),
    );
    expect(parsed.chapters.map((c) => c.sections.map((s) => [s.number, s.numberText, s.title, s.line]))).toEqual([
      [],
      [
        [1, '第一节', '一般规定', 6],
        [2, '第二节', '特别规定', 9],
      ],
      [[1, '第一节', '过渡', 12]],
    ]);
    expect(parsed.chapters[1]?.sections.map((s) => s.articleNumbers)).toEqual([[3, 4], [5]]);
    expect(parsed.chapters[1]?.articleNumbers).toEqual([2, 3, 4, 5]);
    expect(parsed.articles.map((a) => [a.number, a.chapterNumber, a.sectionNumber])).toEqual([
      [1, 1, null],
      [2, 2, null],
      [3, 2, 1],
      [4, 2, 1],
      [5, 2, 2],
      [6, 3, 1],
    ]);
  });

  it('parses texts without chapters', () => {
    const parsed = parseDraftText('第一条　甲。\n第二条　乙。');
    expect(parsed.title).toBeNull();
    expect(parsed.chapters).toEqual([]);
    expect(parsed.articles.map((a) => [a.number, a.chapterNumber, a.sectionNumber, a.text])).toEqual([
      [1, null, null, '甲。'],
      [2, null, null, '乙。'],
    ]);
  });

  it('numbers past 100 (a 120-article text)', () => {
    const { text, bodies } = generateDraft(120, 40, 0);
    const parsed = parseDraftText(text);
    expect(parsed.articles).toHaveLength(120);
    expect(parsed.articles.map((a) => a.number)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(article(parsed, 100).numberText).toBe('第一百条');
    expect(article(parsed, 101).numberText).toBe('第一百零一条');
    expect(article(parsed, 110).numberText).toBe('第一百一十条');
    expect(article(parsed, 115).numberText).toBe('第一百一十五条');
    expect(article(parsed, 120).text).toBe(bodies[119]);
  });

  it('accepts ASCII-digit article numbers', () => {
    const parsed = parseDraftText('第1条 甲。\n第2条 乙。\n第3条\t丙。');
    expect(parsed.articles.map((a) => [a.number, a.numberText, a.text])).toEqual([
      [1, '第1条', '甲。'],
      [2, '第2条', '乙。'],
      [3, '第3条', '丙。'],
    ]);
  });

  it('ignores preamble lines after the title', () => {
    const parsed = parseDraftText(
      ['', '  某某条例  ', '（2024年1月1日某某市人大常委会第十次会议通过）', '', '第一条　目的。'].join('\n'),
    );
    expect(parsed.title).toBe('某某条例');
    expect(parsed.articles).toHaveLength(1);
  });

  it('takes a chapter title from the next line when the heading has none', () => {
    const parsed = parseDraftText('第一章\n总则\n第一条　目的。\n第二章\n第二条　无标题章。');
    expect(parsed.chapters.map((c) => c.title)).toEqual(['总则', '']);
  });
});

describe('parseDraftText headings and separators', () => {
  it.each([
    ['full-width space', '第一条　为了规范。'],
    ['half-width space', '第一条 为了规范。'],
    ['several half-width spaces', '第一条   为了规范。'],
    ['tab', '第一条\t为了规范。'],
    ['NBSP', '第一条\u00a0为了规范。'],
    ['mixed spaces', '第一条 　\t为了规范。'],
    ['no separator (next expected number)', '第一条为了规范。'],
  ])('reads an article heading followed by a %s', (_name, line) => {
    const parsed = parseDraftText(`${line}\n第二条　其他。`);
    expect(article(parsed, 1).text).toBe('为了规范。');
    expect(article(parsed, 1).numberText).toBe('第一条');
  });

  it('reads an article whose body starts on the next line', () => {
    const parsed = parseDraftText('第一条\n\n为了规范。\n第二条　乙。');
    expect(article(parsed, 1).text).toBe('为了规范。');
    expect(article(parsed, 1).line).toBe(1);
    // …but an article with nothing at all is an error (here at the end of the text).
    expect(parseError('第一条\n\n为了规范。\n第二条').line).toBe(4);
  });

  it('reads chapter and section headings with or without separators', () => {
    const parsed = parseDraftText('第一章总则\n第一节\t一般规定\n第一条　甲。');
    expect(parsed.chapters[0]?.title).toBe('总则');
    expect(parsed.chapters[0]?.sections[0]?.title).toBe('一般规定');
  });

  it('trims lines and collapses half-width whitespace inside them', () => {
    const parsed = parseDraftText('\ufeff  某某条例\t\n\u3000\u3000第一条　甲  乙\t丙\u00a0丁　戊。\u3000 \n');
    expect(parsed.title).toBe('某某条例');
    expect(article(parsed, 1).text).toBe('甲 乙 丙 丁　戊。');
  });

  it('does not treat references inside sentences as headings', () => {
    const parsed = parseDraftText(
      [
        '第一条　甲。',
        '第二条　违反本条例第一条规定的，依照第三条处理。',
        '第三条　乙。',
      ].join('\n'),
    );
    expect(parsed.articles).toHaveLength(3);
    expect(article(parsed, 2).text).toBe('违反本条例第一条规定的，依照第三条处理。');
  });

  it('keeps a line starting with a reference to another article inside the current article', () => {
    // 第一条 is not the next expected article (第三条) and has no separator.
    const parsed = parseDraftText(
      ['第一条　甲。', '第二条　乙：', '第一条规定的情形，适用本条。', '第三条　丙。'].join('\n'),
    );
    expect(parsed.articles).toHaveLength(3);
    expect(article(parsed, 2).paragraphs.map((p) => p.text)).toEqual(['乙：', '第一条规定的情形，适用本条。']);
  });

  it.each([
    ['第三条、第四条规定的情形除外。'],
    ['第三条，第四条规定的情形除外。'],
    ['第三条的规定不适用于本条。'],
    ['第三条至第五条规定的情形除外。'],
  ])('keeps %s as text even though 第三条 is the next number', (line) => {
    const parsed = parseDraftText(['第一条　甲。', '第二条　乙。', line, '第三条　丙。'].join('\n'));
    expect(parsed.articles).toHaveLength(3);
    expect(article(parsed, 2).paragraphs.map((p) => p.text)).toEqual(['乙。', line]);
  });

  it('treats a line starting with the next expected number as a heading even without a separator', () => {
    // The documented rule: no separator, but exactly the next number → heading.
    const parsed = parseDraftText(['第一条　甲。', '第二条规定的事项由市政府负责。'].join('\n'));
    expect(parsed.articles).toHaveLength(2);
    expect(article(parsed, 2).text).toBe('规定的事项由市政府负责。');
  });

  it('treats a separated heading with an unexpected number as a numbering error', () => {
    const error = parseError(['第一条　甲。', '第二条　乙：', '第一条 规定的情形，适用本条。'].join('\n'));
    expect(error.line).toBe(3);
    expect(error.reason).toContain('repeats 第一条');
  });
});

describe('parseDraftText line endings', () => {
  const lines = ['某某条例', '', '第一章　总则', '', '第一条　甲。', '', '乙。', '（一）丙；', '（二）丁。', '', '第二条　戊。'];

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('gives the same result with %s line endings', (_name, eol) => {
    const parsed = parseDraftText(lines.join(eol));
    expect(parsed).toEqual(parseDraftText(lines.join('\n')));
    expect(article(parsed, 2).line).toBe(11);
  });

  it('reports error lines with CRLF and CR endings', () => {
    const bad = ['第一条　甲。', '', '第三条　乙。'];
    expect(parseError(bad.join('\r\n')).line).toBe(3);
    expect(parseError(bad.join('\r')).line).toBe(3);
    expect(parseError(bad.join('\r\n') + '\r\n').line).toBe(3);
  });
});

describe('parseDraftText items', () => {
  it('attaches items to the paragraph before them, with blank lines or without', () => {
    const parsed = parseDraftText(
      [
        '第一条　下列人员：',
        '(一)甲；',
        '',
        '（二） 乙；',
        '(三）丙。',
        '前款规定以外的人员：',
        '（一）丁；',
        '（二）戊。',
        '其他情形另行规定。',
      ].join('\n'),
    );
    expect(article(parsed, 1).paragraphs).toEqual([
      { text: '下列人员：', items: ['(一)甲；', '（二）乙；', '(三）丙。'] },
      { text: '前款规定以外的人员：', items: ['（一）丁；', '（二）戊。'] },
      { text: '其他情形另行规定。', items: [] },
    ]);
    expect(article(parsed, 1).text).toBe(
      '下列人员：\n(一)甲；\n（二）乙；\n(三）丙。\n前款规定以外的人员：\n（一）丁；\n（二）戊。\n其他情形另行规定。',
    );
  });

  it('allows items directly after the article heading', () => {
    const parsed = parseDraftText('第一条\n（一）甲；\n（二）乙。');
    expect(article(parsed, 1).paragraphs).toEqual([{ text: '', items: ['（一）甲；', '（二）乙。'] }]);
    expect(article(parsed, 1).text).toBe('（一）甲；\n（二）乙。');
  });

  it('does not read "(1)" or "（注）" as items', () => {
    const parsed = parseDraftText('第一条　甲：\n(1)乙；\n（注）丙。');
    expect(article(parsed, 1).paragraphs.map((p) => [p.text, p.items.length])).toEqual([
      ['甲：', 0],
      ['(1)乙；', 0],
      ['（注）丙。', 0],
    ]);
  });

  it('reads items numbered past ten', () => {
    const items = Array.from({ length: 12 }, (_, i) => `（${toChineseNumeral(i + 1)}）第${i + 1}项；`);
    const parsed = parseDraftText(['第一条　下列事项：', ...items].join('\n'));
    expect(article(parsed, 1).paragraphs[0]?.items).toEqual(items);
  });
});

describe('parseDraftText table of contents', () => {
  const body = [
    '第一章　总则',
    '第一条　甲。',
    '第二章　管理',
    '第一节　一般规定',
    '第二条　乙。',
    '第二节　特别规定',
    '第三条　丙。',
    '第三章　附则',
    '第四条　丁。',
  ];

  it('skips a table of contents listing chapters and sections', () => {
    const text = [
      '某某条例',
      '',
      '目　　录',
      '',
      '第一章　总则',
      '第二章　管理',
      '　第一节　一般规定',
      '　第二节　特别规定',
      '第三章　附则',
      '',
      ...body,
    ].join('\n');
    const parsed = parseDraftText(text);
    expect(parsed.title).toBe('某某条例');
    expect(parsed.chapters.map((c) => [c.number, c.title, c.line])).toEqual([
      [1, '总则', 11],
      [2, '管理', 13],
      [3, '附则', 18],
    ]);
    expect(parsed.chapters[1]?.sections.map((s) => s.title)).toEqual(['一般规定', '特别规定']);
    expect(parsed.articles).toHaveLength(4);
    expect(parsed.characterCount).toBe(nonWhitespaceCodePoints(text));
  });

  it('skips table-of-contents entries written without separators', () => {
    const parsed = parseDraftText(['某某条例', '目录', '第一章总则', '第二章管理', '第三章附则', ...body].join('\n'));
    expect(parsed.chapters.map((c) => c.line)).toEqual([6, 8, 13]);
    expect(parsed.articles).toHaveLength(4);
  });

  it('reads the body normally when "目录" is not followed by a table of contents', () => {
    const parsed = parseDraftText(['某某条例', '目录', ...body].join('\n'));
    expect(parsed.title).toBe('某某条例');
    expect(parsed.chapters).toHaveLength(3);
    expect(parsed.articles).toHaveLength(4);
  });

  it('reports a table of contents without "目录" as repeated chapter numbering', () => {
    const error = parseError(['某某条例', '第一章　总则', '第二章　管理', '第三章　附则', ...body].join('\n'));
    // 第二章 comes right after 第一章, which has no article yet: still numbered correctly;
    // the repeat is detected at the body's 第一章 (line 5).
    expect(error.line).toBe(5);
    expect(error.reason).toContain('chapter numbering repeats 第一章');
  });
});

describe('parseDraftText errors', () => {
  it.each([
    [
      'an article number skipped',
      ['第一条　甲。', '第二条　乙。', '', '第四条　丁。'],
      4,
      'article numbering skips from 第二条 to 第四条 (expected 第三条)',
    ],
    [
      'an article number repeated',
      ['第一条　甲。', '第二条　乙。', '第二条　丙。'],
      3,
      'article numbering repeats 第二条 after 第二条 (expected 第三条)',
    ],
    [
      'an article number going backwards',
      ['第一条　甲。', '第二条　乙。', '第三条　丙。', '第一条　丁。'],
      4,
      'article numbering repeats 第一条 after 第三条 (expected 第四条)',
    ],
    ['the first article not being 第一条', ['标题', '第二条　乙。'], 2, 'article numbering must start at 第一条, found 第二条'],
    [
      'a chapter number skipped',
      ['第一章　总则', '第一条　甲。', '第三章　附则', '第二条　乙。'],
      3,
      'chapter numbering skips from 第一章 to 第三章 (expected 第二章)',
    ],
    [
      'a chapter number repeated',
      ['第一章　总则', '第一条　甲。', '第一章　附则', '第二条　乙。'],
      3,
      'chapter numbering repeats 第一章 after 第一章 (expected 第二章)',
    ],
    ['the first chapter not being 第一章', ['第二章　总则', '第一条　甲。'], 1, 'chapter numbering must start at 第一章, found 第二章'],
    [
      'a section number skipped',
      ['第一章　总则', '第一节　甲', '第一条　甲。', '第三节　丙', '第二条　乙。'],
      4,
      'section numbering in 第一章 skips from 第一节 to 第三节 (expected 第二节)',
    ],
    [
      'sections not restarting in a new chapter',
      ['第一章　总则', '第一节　甲', '第一条　甲。', '第二章　管理', '第二节　乙', '第二条　乙。'],
      5,
      'section numbering in 第二章 must start at 第一节, found 第二节',
    ],
    ['a section outside any chapter', ['第一节　一般规定', '第一条　甲。'], 1, 'section 第一节 is not inside any chapter'],
    ['an empty article', ['第一条　甲。', '第二条', '', '第三条　丙。'], 2, 'article 第二条 has no text'],
    ['an empty last article', ['第一条　甲。', '第二条　　', ''], 2, 'article 第二条 has no text'],
    [
      'an empty article before a chapter',
      ['第一章　总则', '第一条', '第二章　附则', '第二条　乙。'],
      2,
      'article 第一条 has no text',
    ],
    [
      'an item number skipped',
      ['第一条　下列情形：', '（一）甲；', '', '（三）丙。'],
      4,
      'item （三） in 第一条 is out of sequence: expected （二）',
    ],
    [
      'items not starting at （一）',
      ['第一条　下列情形：', '（二）乙。'],
      2,
      'item （二） in 第一条 is out of sequence: expected （一）',
    ],
    [
      'items not restarting in a new paragraph',
      ['第一条　下列情形：', '（一）甲。', '前款以外：', '（二）乙。'],
      4,
      'item （二） in 第一条 is out of sequence: expected （一）',
    ],
    ['an empty item', ['第一条　下列情形：', '（一）甲；', '（二）　'], 3, 'item （二） in 第一条 has no text'],
    [
      'text between a chapter heading and its first article',
      ['第一章　总则', '第一条　甲。', '第二章　管理', '本章规定管理事项。', '第二条　乙。'],
      4,
      'text after 第二章 is not inside any article',
    ],
  ])('reports %s', (_name, lines, line, reason) => {
    const error = parseError(lines.join('\n'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DraftTextError');
    expect(error.line).toBe(line);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`line ${line}: ${reason}`);
  });

  it.each([
    ['an empty text', ''],
    ['whitespace only', ' \n\u3000\n\t'],
    ['a text without articles', '某某条例\n\n这是一段说明，提到了第一条。\n第三条规定的内容'],
    ['a text with chapters but no articles', '第一章　总则\n'],
  ])('reports %s as not a legal text', (_name, text) => {
    const error = parseError(text);
    expect(error.line).toBe(1);
    expect(error.reason).toBe('no article (第一条) found: this is not a legal text');
  });
});

describe('parseDraftText size', () => {
  it('counts characters by code point, ignoring all whitespace', () => {
    const parsed = parseDraftText('𠀀法规\r\n\r\n第一条　甲 乙\t丙\u3000丁𠀁。');
    expect(parsed.characterCount).toBe(12);
  });

  // The limit itself is tested on short texts in parser-character-limit.test.ts, and at its real size in
  // parser-size-limit.test.ts; this one checks the error parseDraftText throws.
  it('rejects longer texts at the line where the limit is passed', () => {
    const line = '第' + '甲'.repeat(98); // 99 characters + "\n" = 100 per line
    const text = Array.from({ length: MAX_DRAFT_TEXT_CHARACTERS / 100 + 5 }, () => line).join('\n');
    const error = parseError(text);
    expect(error.line).toBe(MAX_DRAFT_TEXT_CHARACTERS / 100 + 1);
    expect(error.reason).toBe(`text is longer than ${MAX_DRAFT_TEXT_CHARACTERS} characters`);
  });

  // Short bodies: the numbering and chapters are what is checked here; the speed at 200,000
  // characters is measured by `npm run bench`, and every parser mutant runs this test.
  it('parses 300 articles in 25 chapters', () => {
    const { text, bodies } = generateDraft(300, 40, 12);
    const parsed = parseDraftText(text);
    expect(parsed.articles).toHaveLength(300);
    expect(parsed.chapters).toHaveLength(25);
    expect(article(parsed, 300).text).toBe(bodies[299]);
    expect(article(parsed, 300).numberText).toBe('第三百条');
  });
});
