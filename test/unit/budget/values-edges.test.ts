/**
 * The budget's value modules at their edges: yuan parsed to the fen, periods and real days, rates
 * and gaps, the classification hierarchy, and which payees are people.
 */
import {
  ancestorsOf,
  childLevelOf,
  codeMatches,
  isClassificationCode,
  isThreePublic,
  levelOf,
  parentOf,
  rollUpOf,
} from '../../../functions/src/budget/classification';
import { assertFen, formatFen, parseYuan, sumFen } from '../../../functions/src/budget/money';
import { isNaturalPersonName, maskPersonName, payeeForDeputy } from '../../../functions/src/budget/payee';
import { daysInMonth, isRealDate, periodOf, periodOfDate, splitPeriod } from '../../../functions/src/budget/periods';
import { executionRate, gapPoints, timeProgress } from '../../../functions/src/budget/rates';

describe('yuan to fen', () => {
  test.each([
    ['0', 0],
    ['0.5', 50],
    ['0.05', 5],
    ['1.5', 150],
    [' 12.34 ', 1234],
    ['999', 99900],
    ['1,000', 100000],
    ['1,234,567.89', 123456789],
    ['-1,234.50', -123450],
    ['-0.01', -1],
    ['90071992547409.91', 9007199254740991],
  ])('%j is %i fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  test('minus zero is zero, never -0', () => {
    expect(Object.is(parseYuan('-0.00'), 0)).toBe(true);
    expect(Object.is(parseYuan('-0'), 0)).toBe(true);
  });

  test.each(['', ' ', '+1', '1.', '.5', '1.234', '12,3', '1234,567', ',123', '1,2345', '1,234,56', '1 234', '１２', '¥12', '12元', '1e3', '--1', '90071992547409.92', '9'.repeat(20)])(
    '%j is not an amount',
    (text) => {
      expect(parseYuan(text)).toBeNull();
    },
  );

  test('fen written back with exactly two decimals', () => {
    expect([0, 5, 10, 99, 100, 105, 123456, -5, -100, -123456].map(formatFen)).toEqual([
      '0.00', '0.05', '0.10', '0.99', '1.00', '1.05', '1234.56', '-0.05', '-1.00', '-1234.56',
    ]);
    expect(() => formatFen(0.5)).toThrow(new RangeError('0.5 is not a whole number of fen'));
  });

  test('sums are exact, refuse fractions and stop at the safe range', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([10, 20, -5])).toBe(25);
    expect(sumFen([Number.MAX_SAFE_INTEGER, -1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumFen([1, 0.5])).toThrow('0.5 is not a whole number of fen');
    expect(() => assertFen(Number.NaN)).toThrow(RangeError);
    expect(() => assertFen(Number.MAX_SAFE_INTEGER)).not.toThrow();
  });
});

describe('periods and days', () => {
  test('periodOf accepts years 1000-9999 and months 1-12 only', () => {
    expect(periodOf(1000, 1)).toBe('1000-01');
    expect(periodOf(9999, 12)).toBe('9999-12');
    for (const [year, month] of [[999, 1], [10000, 1], [2026, 0], [2026, 13], [2026.5, 1], [2026, 1.5]] as const) {
      expect(() => periodOf(year, month)).toThrow(RangeError);
    }
  });

  test('splitPeriod reads well-formed periods of real months only', () => {
    expect(splitPeriod('2026-01')).toEqual({ year: 2026, month: 1 });
    expect(splitPeriod('2026-12')).toEqual({ year: 2026, month: 12 });
    for (const bad of ['2026-00', '2026-13', '2026-1', '202601', ' 2026-01', '2026-01 ', 'x2026-01']) expect(splitPeriod(bad)).toBeNull();
    expect(periodOfDate('2026-03-14')).toBe('2026-03');
  });

  test('real days: month lengths and the Gregorian leap years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect([2024, 2025, 1900, 2000, 2100, 2400].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 28, 29, 28, 29]);
    expect(isRealDate(2026, 1, 31)).toBe(true);
    expect(isRealDate(2026, 1, 32)).toBe(false);
    expect(isRealDate(2026, 1, 1)).toBe(true);
    expect(isRealDate(2026, 1, 0)).toBe(false);
    expect(isRealDate(2026, 0, 1)).toBe(false);
    expect(isRealDate(2026, 12, 1)).toBe(true);
    expect(isRealDate(2026, 13, 1)).toBe(false);
  });
});

describe('rates', () => {
  test('an execution rate needs a positive budget', () => {
    expect(executionRate(50, 100)).toBe(0.5);
    expect(executionRate(150, 100)).toBe(1.5);
    expect(executionRate(0, 1)).toBe(0);
    expect(executionRate(5, 0)).toBeNull();
    expect(executionRate(5, -1)).toBeNull();
  });

  test('time progress is month ÷ 12 of a well-formed period', () => {
    expect(timeProgress('2026-01')).toBeCloseTo(1 / 12, 12);
    expect(timeProgress('2026-12')).toBe(1);
    expect(() => timeProgress('2026-13')).toThrow('timeProgress: "2026-13" is not a period YYYY-MM');
  });

  test('gaps in points, rounded to two decimals, positive when ahead', () => {
    expect(gapPoints(0.4, 0.5)).toBe(-10);
    expect(gapPoints(0.6, 0.5)).toBe(10);
    expect(gapPoints(0.123456, 0)).toBe(12.35);
    expect(gapPoints(0.123449, 0)).toBe(12.34);
    expect(gapPoints(null, 0.5)).toBeNull();
    expect(Object.is(gapPoints(0.5, 0.5), 0)).toBe(true);
    expect(Object.is(gapPoints(0.5, 0.5000000001), 0)).toBe(true);
  });
});

describe('classification codes', () => {
  test('levels by length, digits only', () => {
    expect(['205', '20502', '2050203', '2050', '20502031', '', '20a'].map((c) => levelOf('FUNCTION', c))).toEqual([
      'CLASS', 'SECTION', 'ITEM', null, null, null, null,
    ]);
    expect(['302', '30217', '3021701'].map((c) => levelOf('ECONOMIC', c))).toEqual(['CLASS', 'SECTION', null]);
    expect(isClassificationCode('FUNCTION', '20502')).toBe(true);
    expect(isClassificationCode('FUNCTION', '20502', 'SECTION')).toBe(true);
    expect(isClassificationCode('FUNCTION', '20502', 'ITEM')).toBe(false);
    expect(isClassificationCode('ECONOMIC', '3021701')).toBe(false);
  });

  test('parents, ancestors and roll-ups', () => {
    expect(parentOf('FUNCTION', '2050203')).toBe('20502');
    expect(parentOf('FUNCTION', '20502')).toBe('205');
    expect(parentOf('FUNCTION', '205')).toBeNull();
    expect(parentOf('FUNCTION', '2050')).toBeNull();
    expect(parentOf('ECONOMIC', '30217')).toBe('302');
    expect(ancestorsOf('FUNCTION', '2050203')).toEqual(['205', '20502']);
    expect(ancestorsOf('FUNCTION', '205')).toEqual([]);
    expect(ancestorsOf('FUNCTION', 'abc')).toEqual([]);
    expect(rollUpOf('FUNCTION', '20502')).toEqual([
      { level: 'CLASS', code: '205' },
      { level: 'SECTION', code: '20502' },
    ]);
    expect(rollUpOf('ECONOMIC', '2050')).toEqual([]);
  });

  test('the level below, down to the bottom of each classification', () => {
    expect(childLevelOf('FUNCTION', null)).toBe('CLASS');
    expect(childLevelOf('FUNCTION', 'CLASS')).toBe('SECTION');
    expect(childLevelOf('FUNCTION', 'SECTION')).toBe('ITEM');
    expect(childLevelOf('FUNCTION', 'ITEM')).toBeNull();
    expect(childLevelOf('ECONOMIC', 'CLASS')).toBe('SECTION');
    expect(childLevelOf('ECONOMIC', 'SECTION')).toBeNull();
  });

  test('a filter at any level matches the codes below it, and only well-formed ones', () => {
    expect(codeMatches('FUNCTION', '205', '2050203')).toBe(true);
    expect(codeMatches('FUNCTION', '2050203', '2050203')).toBe(true);
    expect(codeMatches('FUNCTION', '2050203', '20502')).toBe(false);
    expect(codeMatches('FUNCTION', '206', '2060203')).toBe(true);
    expect(codeMatches('FUNCTION', '206', '2050203')).toBe(false);
    expect(codeMatches('FUNCTION', '20', '2050203')).toBe(false);
    expect(codeMatches('FUNCTION', '205', '2050')).toBe(false);
  });

  test('三公 codes', () => {
    expect(['30212', '30217', '30231', '31013', '30201', '302'].map(isThreePublic)).toEqual([true, true, true, true, false, false]);
  });
});

describe('payees', () => {
  test.each([
    ['张三', true],
    ['张三丰', true],
    ['欧阳小明', true],
    [' 李明 ', true],
    ['买买提·艾力', true],
    ['阿卜杜拉•买买提', true],
    ['张', false],
    ['张三丰四五', false],
    ['某某公司', false],
    ['县财政局', false],
    ['王家店', false],
    ['John', false],
    ['张3', false],
    ['买买提·', false],
    ['·艾力', false],
    ['买买提·Ali', false],
    [`${'买'.repeat(10)}·${'艾'.repeat(10)}`, false],
    [`${'买'.repeat(10)}·${'艾'.repeat(9)}`, true],
  ])('%j is a natural person: %s', (payee, person) => {
    expect(isNaturalPersonName(payee)).toBe(person);
  });

  test('masking keeps the surname (two characters for a compound one of a long enough name), the dots and the length', () => {
    expect(maskPersonName('张某某')).toBe('张**');
    expect(maskPersonName('李明')).toBe('李*');
    expect(maskPersonName('欧阳修')).toBe('欧阳*');
    expect(maskPersonName('欧阳')).toBe('欧*');
    expect(maskPersonName('买买提·艾力')).toBe('买**·**');
    expect(maskPersonName(' 王五 ')).toBe('王*');
    expect(payeeForDeputy('张三')).toBe('张*');
    expect(payeeForDeputy('某某商贸有限公司')).toBe('某某商贸有限公司');
  });
});
