import { daysInMonth, isRealDate, periodOf, periodOfDate, splitPeriod } from '../../../functions/src/budget/periods';
import { executionRate, gapPoints, timeProgress } from '../../../functions/src/budget/rates';

describe('periods', () => {
  it('writes and splits YYYY-MM', () => {
    expect(periodOf(2026, 3)).toBe('2026-03');
    expect(periodOf(2026, 12)).toBe('2026-12');
    expect(splitPeriod('2026-03')).toEqual({ year: 2026, month: 3 });
    expect(splitPeriod('2026-12')).toEqual({ year: 2026, month: 12 });
    expect(periodOfDate('2026-03-14')).toBe('2026-03');
  });

  it.each([['2026-13'], ['2026-00'], ['2026-3'], ['202603'], ['26-03'], ['2026-03-01'], ['']])('splitPeriod refuses %j', (text) => {
    expect(splitPeriod(text)).toBeNull();
  });

  it.each([
    [2026, 0],
    [2026, 13],
    [2026, 1.5],
    [999, 1],
    [10000, 1],
  ])('periodOf(%d, %d) is a RangeError', (year, month) => {
    expect(() => periodOf(year, month)).toThrow(RangeError);
  });

  it('knows the calendar', () => {
    expect(isRealDate(2026, 2, 28)).toBe(true);
    expect(isRealDate(2026, 2, 29)).toBe(false);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2026, 2, 30)).toBe(false);
    expect(isRealDate(2026, 4, 30)).toBe(true);
    expect(isRealDate(2026, 4, 31)).toBe(false);
    expect(isRealDate(2026, 12, 31)).toBe(true);
    expect(isRealDate(2026, 13, 1)).toBe(false);
    expect(isRealDate(2026, 0, 1)).toBe(false);
    expect(isRealDate(2026, 1, 0)).toBe(false);
    expect([1, 3, 5, 7, 8, 10, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 31, 31, 31, 31, 31]);
    expect([4, 6, 9, 11].map((m) => daysInMonth(2026, m))).toEqual([30, 30, 30, 30]);
  });
});

describe('rates', () => {
  it('execution rate is executed ÷ adjusted, above 1 when overspent, null without a budget', () => {
    expect(executionRate(50, 200)).toBe(0.25);
    expect(executionRate(300, 200)).toBe(1.5);
    expect(executionRate(0, 200)).toBe(0);
    expect(executionRate(10, 0)).toBeNull();
  });

  it('time progress is month ÷ 12', () => {
    expect(timeProgress('2026-06')).toBe(0.5);
    expect(timeProgress('2026-12')).toBe(1);
    expect(timeProgress('2026-01')).toBe(1 / 12);
    expect(() => timeProgress('2026-13')).toThrow('timeProgress: "2026-13" is not a period YYYY-MM');
  });

  it('the gap is in percentage points, two decimals, never -0', () => {
    expect(gapPoints(0.4, 0.5)).toBe(-10);
    expect(gapPoints(0.6, 0.5)).toBe(10);
    expect(gapPoints(0.5, 10 / 12)).toBe(-33.33);
    expect(gapPoints(0.12345, 0)).toBe(12.35);
    expect(Object.is(gapPoints(0.5, 0.5), 0)).toBe(true);
    expect(gapPoints(null, 0.5)).toBeNull();
  });
});
