import type { ParsedDraftText } from './parser';

/**
 * What one version may hold so that every item it is stored in stays well below DynamoDB's 400 KB
 * item limit (sizes counted at 4 UTF-8 bytes a character, the worst case):
 * - an article is one item: 50,000 characters are at most 200 KB;
 * - the version header holds the title and the outline (headings and each chapter's article
 *   numbers): 300 headings of 100 characters and 3,000 article numbers stay under 160 KB.
 * Real texts are far inside: the longest 条 of national laws has a few thousand characters, and the
 * Civil Code (民法典) has 1,260 articles.
 */
export const MAX_ARTICLE_CHARACTERS = 50_000;
export const MAX_ARTICLES_PER_VERSION = 3_000;
export const MAX_HEADINGS_PER_VERSION = 300;
export const MAX_HEADING_CHARACTERS = 100;
export const MAX_TITLE_CHARACTERS = 200;

/** Why a parsed text cannot be stored: the message, and where (article number or line). */
export interface StorageRefusal {
  readonly message: string;
  readonly articleNumber?: number;
  readonly line?: number;
}

const characters = (s: string) => [...s].length;

/** The first limit a parsed text passes, or null when it can be stored. */
export function storageRefusal(text: ParsedDraftText): StorageRefusal | null {
  if (text.articles.length > MAX_ARTICLES_PER_VERSION) {
    return { message: `has ${text.articles.length} articles; a version may have at most ${MAX_ARTICLES_PER_VERSION.toLocaleString('en')}` };
  }
  for (const article of text.articles) {
    const length = characters(article.text);
    if (length > MAX_ARTICLE_CHARACTERS) {
      return {
        message: `${article.numberText} (article ${article.number}, line ${article.line}) has ${length.toLocaleString('en')} characters; an article may have at most ${MAX_ARTICLE_CHARACTERS.toLocaleString('en')}`,
        articleNumber: article.number,
        line: article.line,
      };
    }
  }
  if (text.title !== null && characters(text.title) > MAX_TITLE_CHARACTERS) {
    return { message: `its title line has more than ${MAX_TITLE_CHARACTERS} characters` };
  }
  const headings = text.chapters.flatMap((c) => [c, ...c.sections]);
  if (headings.length > MAX_HEADINGS_PER_VERSION) {
    return { message: `has ${headings.length} chapters and sections; a version may have at most ${MAX_HEADINGS_PER_VERSION}` };
  }
  const long = headings.find((h) => characters(h.title) > MAX_HEADING_CHARACTERS);
  if (long) {
    return { message: `the heading ${long.numberText} on line ${long.line} has more than ${MAX_HEADING_CHARACTERS} characters`, line: long.line };
  }
  return null;
}
