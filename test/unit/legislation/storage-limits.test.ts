import { parseDraftText } from '../../../functions/src/legislation/text/parser';
import { toChineseNumeral } from '../../../functions/src/legislation/text/numerals';
import {
  MAX_ARTICLES_PER_VERSION,
  MAX_HEADINGS_PER_VERSION,
  MAX_TITLE_CHARACTERS,
  storageRefusal,
} from '../../../functions/src/legislation/text/storage-limits';

const articles = (n: number) => Array.from({ length: n }, (_, i) => `第${toChineseNumeral(i + 1)}条　内容。`).join('\n');
const refusal = (text: string) => storageRefusal(parseDraftText(text));

describe('what one version may hold', () => {
  test('an ordinary text passes', () => {
    expect(refusal(`某某条例\n第一章　总则\n${articles(10)}`)).toBeNull();
  });

  test(`more than ${MAX_ARTICLES_PER_VERSION} articles are refused`, () => {
    expect(refusal(articles(MAX_ARTICLES_PER_VERSION))).toBeNull();
    expect(refusal(articles(MAX_ARTICLES_PER_VERSION + 1))?.message).toMatch(/3001 articles; a version may have at most 3,000/);
  });

  test(`more than ${MAX_HEADINGS_PER_VERSION} chapters and sections are refused`, () => {
    const chapters = (n: number) =>
      Array.from({ length: n }, (_, i) => `第${toChineseNumeral(i + 1)}章　章名\n第${toChineseNumeral(i + 1)}条　内容。`).join('\n');
    expect(refusal(chapters(MAX_HEADINGS_PER_VERSION))).toBeNull();
    expect(refusal(chapters(MAX_HEADINGS_PER_VERSION + 1))?.message).toMatch(/301 chapters and sections/);
  });

  test('a title line that is too long is refused', () => {
    expect(refusal(`${'长'.repeat(MAX_TITLE_CHARACTERS + 1)}\n${articles(1)}`)?.message).toMatch(/title line/);
  });
});
