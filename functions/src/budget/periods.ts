/**
 * Periods are calendar months written `YYYY-MM` (Asia/Shanghai, as finance bureaus report them);
 * dates are `YYYY-MM-DD`. Both sort correctly as plain strings, so they serve directly in keys.
 */

/** A month, `YYYY-MM`. */
export type Period = string;

const PERIOD = /^(\d{4})-(\d{2})$/;

/** The period of a year and month (1..12): (2026, 3) → "2026-03". */
export function periodOf(year: number, month: number): Period {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`periodOf: bad year ${year}`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`periodOf: bad month ${month}`);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Year and month of a well-formed period, or null ("2026-13", "2026-3", "202603" are not). */
export function splitPeriod(period: string): { year: number; month: number } | null {
  const match = PERIOD.exec(period);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

/** The period a date `YYYY-MM-DD` falls in: "2026-03-14" → "2026-03". */
export function periodOfDate(date: string): Period {
  return date.slice(0, 7);
}

/** Whether a year, month and day name a day that exists in the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Days in a month of the Gregorian calendar (February 29 in leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
