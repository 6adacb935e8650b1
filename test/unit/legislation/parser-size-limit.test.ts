/**
 * The draft length limit at its real size (1,000,000 code points). Left out of `npm run mutate`
 * (scripts/mutate/groups.ts): each test walks a million characters, which instrumented code does in
 * seconds, for every parser mutant; parser-character-limit.test.ts tests the same counting on short texts.
 */
import { MAX_DRAFT_TEXT_CHARACTERS, parseDraftText } from '../../../functions/src/legislation/text/parser';
import type { DraftTextError } from '../../../functions/src/legislation/text/parser';

describe(`a draft of up to ${MAX_DRAFT_TEXT_CHARACTERS} characters`, () => {
  test(`accepts exactly ${MAX_DRAFT_TEXT_CHARACTERS} characters`, () => {
    const head = '第一条　';
    const text = head + '甲'.repeat(MAX_DRAFT_TEXT_CHARACTERS - head.length);
    expect(text.length).toBe(MAX_DRAFT_TEXT_CHARACTERS);
    expect(parseDraftText(text).characterCount).toBe(MAX_DRAFT_TEXT_CHARACTERS - 1);
  });

  test('counts the limit in code points, not UTF-16 units', () => {
    const head = '第一条　';
    // 𠀀 is two UTF-16 units but one character.
    const text = head + '𠀀'.repeat(MAX_DRAFT_TEXT_CHARACTERS - head.length);
    expect(parseDraftText(text).characterCount).toBe(MAX_DRAFT_TEXT_CHARACTERS - 1);
    expect(() => parseDraftText(`${text}。`)).toThrow(expect.objectContaining<Partial<DraftTextError>>({ line: 1 }));
  });
});
