/**
 * Numerals at their edges: ASCII numbers at the ends of the digit range and of their length limit, and
 * what toChineseNumeral says when it refuses a number.
 */
import { parseChineseNumeral, toChineseNumeral } from '../../../functions/src/legislation/text/numerals';

describe('ASCII-digit numbers', () => {
  test.each([
    ['9', 9],
    ['90', 90],
    ['909', 909],
  ])('reads %s, with the digit 9, as %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  test('reads up to 15 digits, and refuses 16 (beyond the safe-integer range)', () => {
    expect(parseChineseNumeral('123456789012345')).toBe(123456789012345);
    expect(parseChineseNumeral('1234567890123456')).toBeNull();
  });

  test('characters just outside 0-9 make it no number', () => {
    expect(parseChineseNumeral('1/')).toBeNull();
    expect(parseChineseNumeral('1:')).toBeNull();
  });
});

describe('toChineseNumeral refusals', () => {
  test.each([[0], [1.5], [10000]])('names %d and the range it is outside of', (value) => {
    expect(() => toChineseNumeral(value)).toThrow(`toChineseNumeral: ${value} is not an integer in 1..9999`);
  });
});
