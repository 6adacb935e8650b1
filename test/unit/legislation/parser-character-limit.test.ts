/**
 * The draft length limit (MAX_DRAFT_TEXT_CHARACTERS code points), counted on short texts with a small
 * limit: which line passes it, and what counts as one character. parser-size-limit.test.ts checks the
 * same at the real limit of 1,000,000.
 */
import { lineBeyondCharacterLimit } from '../../../functions/src/legislation/text/parser';

describe('the line on which a text passes the character limit', () => {
  test('a text of exactly the limit passes; one character more is refused', () => {
    expect(lineBeyondCharacterLimit('', 0)).toBeNull();
    expect(lineBeyondCharacterLimit('甲乙丙', 3)).toBeNull();
    expect(lineBeyondCharacterLimit('甲乙丙丁', 3)).toBe(1);
    expect(lineBeyondCharacterLimit('甲', 0)).toBe(1);
  });

  test('names the line holding the first character beyond the limit, with LF, CRLF or CR endings', () => {
    expect(lineBeyondCharacterLimit('甲\n乙\n丙', 4)).toBe(3);
    expect(lineBeyondCharacterLimit('甲\n乙\n丙', 5)).toBeNull();
    expect(lineBeyondCharacterLimit('甲\r\n乙\r\n丙', 6)).toBe(3);
    expect(lineBeyondCharacterLimit('甲\r乙\r丙', 4)).toBe(3);
  });

  test('a line break counts as a character of the line it ends', () => {
    expect(lineBeyondCharacterLimit('甲\n乙', 1)).toBe(1);
    expect(lineBeyondCharacterLimit('甲\r\n乙', 1)).toBe(1);
    expect(lineBeyondCharacterLimit('甲\r\n乙', 2)).toBe(1);
    expect(lineBeyondCharacterLimit('甲\r乙', 1)).toBe(1);
  });

  test('a surrogate pair is one character; a lone surrogate is one too', () => {
    expect(lineBeyondCharacterLimit('𠀀𠀀𠀀', 3)).toBeNull();
    expect(lineBeyondCharacterLimit('𠀀𠀀𠀀甲', 3)).toBe(1);
    expect(lineBeyondCharacterLimit('\n𠀀\n𠀀', 3)).toBe(3);
    expect(lineBeyondCharacterLimit('\udc00\ud800', 1)).toBe(1);
    expect(lineBeyondCharacterLimit('\ud800\ud800\udc00', 2)).toBeNull();
    expect(lineBeyondCharacterLimit('\ud800\ud800\udc00', 1)).toBe(1);
  });
});
