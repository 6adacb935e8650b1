import {
  MAX_CHINESE_NUMERAL,
  isNumeralCharacter,
  parseChineseNumeral,
  toChineseNumeral,
} from '../../../functions/src/legislation/text/numerals';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1],
    ['二', 2],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['十九', 19],
    ['二十', 20],
    ['二十一', 21],
    ['九十九', 99],
    ['一百', 100],
    ['一百零一', 101],
    ['一百〇一', 101],
    ['一百一十', 110],
    ['一百一十五', 115],
    ['一百二十', 120],
    ['二百', 200],
    ['两百', 200],
    ['三百零五', 305],
    ['九百九十九', 999],
    ['一千', 1000],
    ['一千零一', 1001],
    ['一千零一十', 1010],
    ['一千零五十五', 1055],
    ['一千一百', 1100],
    ['一千一百零五', 1105],
    ['两千零五', 2005],
    ['九千九百九十九', 9999],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each([
    ['1', 1],
    ['12', 12],
    ['120', 120],
    ['1001', 1001],
  ])('reads ASCII digits %s as %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each([
    [''],
    ['零'],
    ['〇'],
    ['0'],
    ['01'],
    ['1a'],
    ['１２'], // full-width digits are not accepted
    ['abc'],
    ['第一'],
    ['一二'], // two digits in a row
    ['十十'],
    ['百'], // a bare 百 is not written
    ['一百十'], // 110 is written 一百一十
    ['一千一'], // colloquial 1100
    ['一千一十'], // 1010 needs 零
    ['一百零'], // trailing zero
    ['零一'], // leading zero
    ['一百零零一'],
    ['一百零一十'], // no place skipped, so no 零
    ['一十百'],
    ['两'], // 两 only before 百/千
    ['两十'],
    ['十两'],
    ['一万'],
    ['一 百'],
  ])('rejects %j', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe('toChineseNumeral', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [21, '二十一'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [200, '二百'],
    [305, '三百零五'],
    [1000, '一千'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [2005, '二千零五'],
    [9999, '九千九百九十九'],
  ])('writes %d as %s', (value, text) => {
    expect(toChineseNumeral(value)).toBe(text);
  });

  it('is the inverse of parseChineseNumeral for 1..9999', () => {
    for (let n = 1; n <= MAX_CHINESE_NUMERAL; n++) {
      const text = toChineseNumeral(n);
      if (parseChineseNumeral(text) !== n) {
        throw new Error(`${n} → ${text} → ${String(parseChineseNumeral(text))}`);
      }
    }
  });

  it.each([[0], [-1], [10000], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'throws a RangeError for %d',
    (value) => {
      expect(() => toChineseNumeral(value)).toThrow(RangeError);
    },
  );
});

describe('isNumeralCharacter', () => {
  it('accepts numeral characters and ASCII digits only', () => {
    for (const ch of '一二三四五六七八九十百千零〇两0123456789') expect(isNumeralCharacter(ch)).toBe(true);
    for (const ch of ['条', '章', '第', 'a', '１', ' ', '　']) expect(isNumeralCharacter(ch)).toBe(false);
  });
});
