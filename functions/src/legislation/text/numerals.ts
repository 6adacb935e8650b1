/**
 * Chinese numerals as used to number chapters (章), sections (节), articles (条)
 * and items (项) of Chinese legal texts: 一 … 九, 十, 百, 千, 零/〇 and 两.
 *
 * Parsing is strict: only the canonical written forms are accepted
 * (一百一十 but not 一百十, 一千零一 but not 一千一), so a string that merely
 * contains numeral characters is not mistaken for a number.
 */

const DIGITS: ReadonlyMap<string, number> = new Map([
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

const ZEROS: ReadonlySet<string> = new Set(['零', '〇']);

const UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['百', 100],
  ['千', 1000],
]);

/** Largest number `toChineseNumeral` writes (and the Chinese parser reads). */
export const MAX_CHINESE_NUMERAL = 9999;

/** Characters that may occur in a numeral accepted by `parseChineseNumeral`. */
export function isNumeralCharacter(ch: string): boolean {
  return DIGITS.has(ch) || ZEROS.has(ch) || UNITS.has(ch) || (ch >= '0' && ch <= '9');
}

/**
 * Parses a Chinese numeral (一, 十一, 一百零一, 一千零一十 …, up to 9999) or a
 * string of ASCII digits ("12") into a positive integer.
 * Returns null for an empty, malformed, zero or out-of-range numeral.
 */
export function parseChineseNumeral(s: string): number | null {
  if (s.length === 0) return null;
  if (isAsciiDigits(s)) return parseAsciiDigits(s);
  return parseChinese(s);
}

function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function parseAsciiDigits(s: string): number | null {
  // No leading zeros ("012") and nothing beyond the safe-integer range.
  if (s[0] === '0' || s.length > 15) return null;
  return Number(s);
}

function parseChinese(s: string): number | null {
  let total = 0;
  // Place value of the last unit written (十/百/千); Infinity before the first.
  let lastUnit = Number.POSITIVE_INFINITY;
  let pendingDigit: number | null = null;
  let pendingDigitIsLiang = false;
  let zeroSeen = false;

  for (const ch of s) {
    const digit = DIGITS.get(ch);
    if (digit !== undefined) {
      if (pendingDigit !== null) return null; // two digits in a row: 一二
      pendingDigit = digit;
      pendingDigitIsLiang = ch === '两';
      continue;
    }
    if (ZEROS.has(ch)) {
      // A zero stands for skipped places: only after a unit, never twice.
      if (pendingDigit !== null || total === 0 || zeroSeen) return null;
      zeroSeen = true;
      continue;
    }
    const unit = UNITS.get(ch);
    if (unit === undefined) return null;
    if (unit >= lastUnit) return null; // units must descend: 十百, 百百
    let multiplier: number;
    if (pendingDigit === null) {
      // Only a leading 十 may stand alone (十 = 10, 十一 = 11).
      if (unit !== 10 || total !== 0) return null;
      multiplier = 1;
    } else {
      if (pendingDigitIsLiang && unit === 10) return null; // 两十 is not written
      multiplier = pendingDigit;
    }
    if (!placesAreContiguous(lastUnit, unit, zeroSeen)) return null;
    total += multiplier * unit;
    lastUnit = unit;
    pendingDigit = null;
    zeroSeen = false;
  }

  if (pendingDigit !== null) {
    // A trailing digit is the units place.
    if (pendingDigitIsLiang) return null; // 两 only stands before 百/千: 两百, not 十两
    if (!placesAreContiguous(lastUnit, 1, zeroSeen)) return null;
    total += pendingDigit;
  } else if (zeroSeen) {
    return null; // trailing zero: 一百零
  }
  return total > 0 ? total : null;
}

/**
 * Whether a part with place value `next` may follow the unit `last`:
 * adjacent places need no 零 (一百一十), skipped places need exactly one
 * 零 (一百零一, 一千零一十).
 */
function placesAreContiguous(last: number, next: number, zeroSeen: boolean): boolean {
  if (last === Number.POSITIVE_INFINITY) return !zeroSeen;
  const adjacent = last / 10 === next;
  return adjacent ? !zeroSeen : zeroSeen;
}

const DIGIT_CHARS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * Writes 1..9999 the way legal texts number things: 十, 十一, 二十, 一百一十,
 * 一百零一, 一千零一十. Throws a RangeError for anything else.
 */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CHINESE_NUMERAL) {
    throw new RangeError(`toChineseNumeral: ${n} is not an integer in 1..${MAX_CHINESE_NUMERAL}`);
  }
  const places: ReadonlyArray<readonly [number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let rest = n;
  let pendingZero = false;
  for (const [value, unit] of places) {
    const digit = Math.floor(rest / value);
    rest %= value;
    if (digit === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10..19 are written 十, 十一 … without a leading 一.
    const omitOne = value === 10 && digit === 1 && out === '';
    out += (omitOne ? '' : DIGIT_CHARS[digit]) + unit;
  }
  return out;
}
