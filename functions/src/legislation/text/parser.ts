/**
 * Parser for the plain text of a local regulation draft (地方性法规草案) as
 * staff paste it: an optional title and preamble, an optional table of
 * contents (目录), then chapters (第X章), sections (第X节), articles (第X条),
 * paragraphs (款, one per non-blank line) and items (项, （一）（二）…).
 *
 * Heading rule. A heading is only recognised at the start of a (trimmed)
 * line, as 第 + numeral + 章/节/条, and then:
 *   1. if the marker is followed by a separator (half-width space, full-width
 *      space U+3000, tab, NBSP) or by the end of the line, the line IS a
 *      heading, and its number must be the next one expected (otherwise a
 *      DraftTextError reports the skip or repeat);
 *   2. if the marker is followed directly by text ("第八条规定的……"), the line
 *      is a heading only when its number is exactly the next one expected
 *      (so "第一条为了……" pasted without a space still works) and the text
 *      does not start with punctuation, 的 or 至 ("第八条、第九条……",
 *      "第八条的规定……", "第八条至第十条……"); otherwise it is ordinary
 *      paragraph text, e.g. a wrapped line starting with a cross-reference.
 * Mentions inside a line ("违反本条例第八条规定的") are never headings.
 *
 * Whitespace. Each line is trimmed of ASCII spaces, tabs, NBSP, full-width
 * spaces and other Unicode spaces. Inside a line, runs of half-width
 * whitespace (space, tab, NBSP, other Unicode spaces) become one ASCII space;
 * full-width spaces are kept as written because they are meaningful blanks in
 * Chinese legal texts (本条例自　　年　　月　　日起施行).
 *
 * The parser is a single pass over the lines (the table-of-contents lookahead
 * visits each line at most once more) and uses no backtracking regexes.
 */
import { isNumeralCharacter, parseChineseNumeral, toChineseNumeral } from './numerals';

export interface ParsedParagraph {
  /** The lead text of the paragraph (款); '' when the article starts directly with items. */
  text: string;
  /** Each item (项) with its marker, e.g. "（一）特困供养老年人；". */
  items: string[];
}

export interface ParsedArticle {
  number: number;
  /** The number as written, e.g. "第十四条". */
  numberText: string;
  chapterNumber: number | null;
  sectionNumber: number | null;
  paragraphs: ParsedParagraph[];
  /** Body without the "第十四条" prefix: paragraph texts and items joined by "\n". */
  text: string;
  /** 1-based line where the article starts. */
  line: number;
}

export interface ParsedSection {
  number: number;
  numberText: string;
  title: string;
  line: number;
  articleNumbers: number[];
}

export interface ParsedChapter {
  number: number;
  numberText: string;
  title: string;
  line: number;
  sections: ParsedSection[];
  articleNumbers: number[];
}

export interface ParsedDraftText {
  title: string | null;
  chapters: ParsedChapter[];
  articles: ParsedArticle[];
  /** Non-whitespace characters (Unicode code points) of the whole text. */
  characterCount: number;
}

export class DraftTextError extends Error {
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'DraftTextError';
    this.line = line;
    this.reason = reason;
  }
}

export const MAX_DRAFT_TEXT_CHARACTERS = 1_000_000;

// ---------------------------------------------------------------------------
// Characters

/** Whitespace as JavaScript's \s sees it (ASCII, NBSP, U+3000, other Unicode spaces, BOM). */
function isWhitespaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function trimWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWhitespaceCode(s.charCodeAt(start))) start++;
  while (end > start && isWhitespaceCode(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const HALF_WIDTH_WHITESPACE_RUN = /[\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\ufeff]+/g;

/** Collapses half-width whitespace runs inside an already trimmed line. */
function normaliseInnerWhitespace(s: string): string {
  return s.replace(HALF_WIDTH_WHITESPACE_RUN, ' ');
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Non-whitespace code points of the text. */
function countNonWhitespaceCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1))) i++; // a pair is one code point
    if (!isWhitespaceCode(c)) count++;
  }
  return count;
}

/**
 * The 1-based line on which `text` passes `limit` code points, or null when it has at most `limit`
 * (lines end at LF, CRLF or CR, as in `parseDraftText`). Takes the limit as an argument so the
 * counting can be tested on short texts.
 */
export function lineBeyondCharacterLimit(text: string, limit: number): number | null {
  // No `text.length <= limit` shortcut: it could not change the answer (so no test could defend it),
  // and the loop costs about a millisecond per million characters.
  let codePoints = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1))) i++; // a pair is one code point
    codePoints++;
    if (codePoints > limit) return line;
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return null;
}

/** Throws when the raw text has more than MAX_DRAFT_TEXT_CHARACTERS code points, naming the line. */
function checkLength(text: string): void {
  const line = lineBeyondCharacterLimit(text, MAX_DRAFT_TEXT_CHARACTERS);
  if (line !== null) {
    throw new DraftTextError(line, `text is longer than ${MAX_DRAFT_TEXT_CHARACTERS} characters`);
  }
}

// ---------------------------------------------------------------------------
// Headings and items

type HeadingKind = 'chapter' | 'section' | 'article';

interface Heading {
  kind: HeadingKind;
  number: number;
  /** As written, e.g. "第十四条". */
  numberText: string;
  /** Normalised rest of the line after the marker. */
  rest: string;
  /** Marker followed by a separator or the end of the line. */
  separated: boolean;
  /** Marker followed directly by punctuation, 的 or 至: a cross-reference, not a heading. */
  followedByReferenceText: boolean;
}

const HEADING_KINDS: ReadonlyMap<string, HeadingKind> = new Map([
  ['章', 'chapter'],
  ['节', 'section'],
  ['条', 'article'],
]);

const KIND_MARKERS: Readonly<Record<HeadingKind, string>> = {
  chapter: '章',
  section: '节',
  article: '条',
};

const KIND_NAMES: Readonly<Record<HeadingKind, string>> = {
  chapter: 'chapter',
  section: 'section',
  article: 'article',
};

/** Longest numeral accepted after 第 (一千一百一十一 is 7; ASCII up to 9 digits). */
const MAX_NUMERAL_LENGTH = 9;

/** Text right after a marker that shows the line is a cross-reference. */
const REFERENCE_FOLLOWERS: ReadonlySet<string> = new Set([
  '、', '，', ',', '。', '．', '.', '；', ';', '：', ':', '）', ')', '”', '"', '」', '》',
  '的', '至',
]);

function matchHeading(line: string): Heading | null {
  if (line.charCodeAt(0) !== 0x7b2c /* 第 */) return null;
  let i = 1;
  while (i < line.length && i <= MAX_NUMERAL_LENGTH && isNumeralCharacter(line.charAt(i))) i++;
  if (i === 1 || i >= line.length) return null;
  const kind = HEADING_KINDS.get(line.charAt(i));
  if (kind === undefined) return null;
  const number = parseChineseNumeral(line.slice(1, i));
  if (number === null) return null;
  const afterMarker = i + 1;
  // Separator: half-width or full-width space, tab, NBSP (any whitespace), or end of line.
  const separated = afterMarker >= line.length || isWhitespaceCode(line.charCodeAt(afterMarker));
  return {
    kind,
    number,
    numberText: line.slice(0, afterMarker),
    rest: normaliseInnerWhitespace(trimWhitespace(line.slice(afterMarker))),
    separated,
    followedByReferenceText: !separated && REFERENCE_FOLLOWERS.has(line.charAt(afterMarker)),
  };
}

interface ItemMarker {
  number: number;
  marker: string;
  content: string;
}

const MAX_ITEM_NUMERAL_LENGTH = 6;

/** （一）… or (一)… (either parenthesis width) with a Chinese numeral. */
function matchItem(line: string): ItemMarker | null {
  const open = line.charAt(0);
  if (open !== '（' && open !== '(') return null;
  let i = 1;
  while (i < line.length && i <= MAX_ITEM_NUMERAL_LENGTH && line.charAt(i) !== '）' && line.charAt(i) !== ')') i++;
  const close = line.charAt(i);
  if (i === 1 || (close !== '）' && close !== ')')) return null;
  const numeral = line.slice(1, i);
  // Items are numbered with Chinese numerals only; "(1)" is not an item (项).
  if (numeral.charCodeAt(0) <= 0x7f) return null;
  const number = parseChineseNumeral(numeral);
  if (number === null) return null;
  return { number, marker: line.slice(0, i + 1), content: trimWhitespace(line.slice(i + 1)) };
}

function isTableOfContentsMarker(line: string): boolean {
  let letters = '';
  for (let i = 0; i < line.length && letters.length <= 2; i++) {
    if (!isWhitespaceCode(line.charCodeAt(i))) letters += line.charAt(i);
  }
  return letters === '目录';
}

// ---------------------------------------------------------------------------
// Labels for messages

function canonicalNumeral(n: number): string {
  return n >= 1 && n <= 9999 ? toChineseNumeral(n) : String(n);
}

function headingLabel(kind: HeadingKind, n: number): string {
  return `第${canonicalNumeral(n)}${KIND_MARKERS[kind]}`;
}

function itemLabel(n: number): string {
  return `（${canonicalNumeral(n)}）`;
}

function numberingReason(
  kind: HeadingKind,
  found: number,
  expected: number,
  scope: string,
): string {
  const name = `${KIND_NAMES[kind]} numbering${scope}`;
  const foundLabel = headingLabel(kind, found);
  const expectedLabel = headingLabel(kind, expected);
  if (expected === 1) {
    return `${name} must start at ${expectedLabel}, found ${foundLabel}`;
  }
  const previousLabel = headingLabel(kind, expected - 1);
  if (found > expected) {
    return `${name} skips from ${previousLabel} to ${foundLabel} (expected ${expectedLabel})`;
  }
  return `${name} repeats ${foundLabel} after ${previousLabel} (expected ${expectedLabel})`;
}

// ---------------------------------------------------------------------------
// Parsing

interface ArticleBuilder {
  number: number;
  numberText: string;
  chapterNumber: number | null;
  sectionNumber: number | null;
  paragraphs: ParsedParagraph[];
  line: number;
}

/**
 * Parses a draft. Throws DraftTextError (with the offending line) for texts
 * that are too long, contain no article, or whose chapters, sections,
 * articles or items are not numbered continuously.
 */
/** An article's whole text: its paragraphs' own text and their items, one per line. */
export function articleText(paragraphs: readonly ParsedParagraph[]): string {
  const parts: string[] = [];
  for (const p of paragraphs) {
    if (p.text !== '') parts.push(p.text);
    for (const item of p.items) parts.push(item);
  }
  return parts.join('\n');
}

export function parseDraftText(text: string): ParsedDraftText {
  checkLength(text);
  const lines = text.split(/\r\n|\n|\r/);
  const parser = new DraftParser(lines);
  const { title, chapters, articles } = parser.parse();
  return { title, chapters, articles, characterCount: countNonWhitespaceCodePoints(text) };
}

class DraftParser {
  private readonly lines: readonly string[];
  private title: string | null = null;
  private inBody = false;
  private readonly chapters: ParsedChapter[] = [];
  private readonly articles: ParsedArticle[] = [];
  private chapter: ParsedChapter | null = null;
  private section: ParsedSection | null = null;
  private article: ArticleBuilder | null = null;
  /** Chapter or section heading written without a title, waiting for one on the next line. */
  private awaitingTitle: ParsedChapter | ParsedSection | null = null;

  constructor(lines: readonly string[]) {
    this.lines = lines;
  }

  parse(): { title: string | null; chapters: ParsedChapter[]; articles: ParsedArticle[] } {
    for (let index = 0; index < this.lines.length; index++) {
      const line = trimWhitespace(this.lines[index] ?? '');
      if (line === '') continue;
      const lineNumber = index + 1;
      const rawHeading = matchHeading(line);
      const heading = rawHeading !== null && this.isHeading(rawHeading) ? rawHeading : null;

      if (!this.inBody) {
        if (heading === null) {
          if (isTableOfContentsMarker(line)) {
            index = this.skipTableOfContents(index);
          } else if (this.title === null) {
            this.title = normaliseInnerWhitespace(line);
          }
          continue;
        }
        this.inBody = true;
      }

      if (heading !== null) {
        this.startHeading(heading, lineNumber);
      } else {
        this.addBodyLine(line, lineNumber);
      }
    }
    this.closeArticle();
    if (this.articles.length === 0) {
      throw new DraftTextError(1, 'no article (第一条) found: this is not a legal text');
    }
    return { title: this.title, chapters: this.chapters, articles: this.articles };
  }

  private expectedNumber(kind: HeadingKind): number | null {
    switch (kind) {
      case 'article':
        return this.articles.length + (this.article === null ? 0 : 1) + 1;
      case 'chapter':
        return this.chapters.length + 1;
      case 'section':
        return this.chapter === null ? null : this.chapter.sections.length + 1;
    }
  }

  /** The heading rule documented at the top of this file. */
  private isHeading(h: Heading): boolean {
    if (h.separated) return true;
    return !h.followedByReferenceText && h.number === this.expectedNumber(h.kind);
  }

  /**
   * Called on a "目录" line in the preamble. Returns the index of the last
   * line of the table of contents, or `index` itself when what follows is not
   * a table of contents. A table of contents is a run of chapter and section
   * headings (blank lines allowed) ended by a chapter heading whose number
   * does not exceed the largest chapter number already listed, i.e. the body
   * starting again at 第一章.
   */
  private skipTableOfContents(index: number): number {
    let maxChapter = 0;
    for (let i = index + 1; i < this.lines.length; i++) {
      const line = trimWhitespace(this.lines[i] ?? '');
      if (line === '') continue;
      const h = matchHeading(line);
      if (h === null || h.kind === 'article' || h.followedByReferenceText) return index;
      if (h.kind === 'chapter') {
        if (h.number <= maxChapter) return i - 1;
        maxChapter = h.number;
      }
    }
    return index;
  }

  private startHeading(h: Heading, lineNumber: number): void {
    const expected = this.expectedNumber(h.kind);
    if (h.kind === 'section' && expected === null) {
      throw new DraftTextError(lineNumber, `section ${h.numberText} is not inside any chapter`);
    }
    this.closeArticle();
    const chapterScope =
      h.kind === 'section' && this.chapter !== null ? ` in ${this.chapter.numberText}` : '';
    const expectedAfterClose = this.expectedNumber(h.kind) ?? 1;
    if (h.number !== expectedAfterClose) {
      throw new DraftTextError(
        lineNumber,
        numberingReason(h.kind, h.number, expectedAfterClose, chapterScope),
      );
    }
    this.awaitingTitle = null;

    switch (h.kind) {
      case 'chapter': {
        const chapter: ParsedChapter = {
          number: h.number,
          numberText: h.numberText,
          title: h.rest,
          line: lineNumber,
          sections: [],
          articleNumbers: [],
        };
        this.chapters.push(chapter);
        this.chapter = chapter;
        this.section = null;
        if (h.rest === '') this.awaitingTitle = chapter;
        return;
      }
      case 'section': {
        const section: ParsedSection = {
          number: h.number,
          numberText: h.numberText,
          title: h.rest,
          line: lineNumber,
          articleNumbers: [],
        };
        this.chapter?.sections.push(section);
        this.section = section;
        if (h.rest === '') this.awaitingTitle = section;
        return;
      }
      case 'article': {
        this.article = {
          number: h.number,
          numberText: h.numberText,
          chapterNumber: this.chapter?.number ?? null,
          sectionNumber: this.section?.number ?? null,
          paragraphs: h.rest === '' ? [] : [{ text: h.rest, items: [] }],
          line: lineNumber,
        };
        this.chapter?.articleNumbers.push(h.number);
        this.section?.articleNumbers.push(h.number);
        return;
      }
    }
  }

  private addBodyLine(line: string, lineNumber: number): void {
    const item = matchItem(line);
    if (this.awaitingTitle !== null && item === null) {
      this.awaitingTitle.title = normaliseInnerWhitespace(line);
      this.awaitingTitle = null;
      return;
    }
    this.awaitingTitle = null;
    const article = this.article;
    if (article === null) {
      const container = this.section ?? this.chapter;
      const where = container === null ? 'before the first article' : `after ${container.numberText}`;
      throw new DraftTextError(lineNumber, `text ${where} is not inside any article`);
    }

    if (item === null) {
      article.paragraphs.push({ text: normaliseInnerWhitespace(line), items: [] });
      return;
    }

    let paragraph = article.paragraphs[article.paragraphs.length - 1];
    if (paragraph === undefined) {
      paragraph = { text: '', items: [] };
      article.paragraphs.push(paragraph);
    }
    const expected = paragraph.items.length + 1;
    if (item.number !== expected) {
      throw new DraftTextError(
        lineNumber,
        `item ${itemLabel(item.number)} in ${article.numberText} is out of sequence: expected ${itemLabel(expected)}`,
      );
    }
    if (item.content === '') {
      throw new DraftTextError(lineNumber, `item ${item.marker} in ${article.numberText} has no text`);
    }
    paragraph.items.push(item.marker + normaliseInnerWhitespace(item.content));
  }

  private closeArticle(): void {
    const a = this.article;
    if (a === null) return;
    this.article = null;
    const text = articleText(a.paragraphs);
    if (text === '') {
      throw new DraftTextError(a.line, `article ${a.numberText} has no text`);
    }
    this.articles.push({
      number: a.number,
      numberText: a.numberText,
      chapterNumber: a.chapterNumber,
      sectionNumber: a.sectionNumber,
      paragraphs: a.paragraphs,
      text,
      line: a.line,
    });
  }
}
