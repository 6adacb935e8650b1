/**
 * Money as integer fen (分, 1/100 yuan). Amounts are read from text and written back as text
 * without ever passing through a floating-point value, so 0.1 + 0.2 problems cannot arise and
 * every sum is exact to the fen. A fen amount is a plain JS number, checked to be a safe integer
 * (±9,007,199,254,740,991 fen ≈ ±90 trillion yuan, far beyond any county's budget).
 */

/** An amount in fen: a safe integer. */
export type Fen = number;

/**
 * A yuan amount as finance exports write it: an optional minus sign, digits, at most two decimals.
 * Thousands separators are accepted only where they belong (every three digits: "1,234,567.89"),
 * because Excel writes them when a column is formatted as 数值 with 使用千位分隔符; anything looser
 * ("12,3") is more likely a typo than a number.
 */
const YUAN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount ("1234.56", "1,234.56", "-5.00", "100", "0.5") into fen.
 * Surrounding whitespace is ignored. Returns null for anything else: empty text, letters, a
 * leading "+", "." without digits before it, three decimals, full-width digits, currency signs,
 * or an amount beyond the safe-integer range.
 */
export function parseYuan(text: string): Fen | null {
  const match = YUAN.exec(text.trim());
  if (!match) return null;
  const [, minus, whole = '', decimals = ''] = match;
  const digits = whole.replace(/,/g, '') + decimals.padEnd(2, '0');
  // Too many digits would lose precision in Number(): refuse rather than round.
  const fen = Number(digits);
  if (!Number.isSafeInteger(fen)) return null;
  return minus && fen !== 0 ? -fen : fen;
}

/** Writes fen as a Decimal string with exactly two decimals: 123456 → "1234.56", -5 → "-0.05". */
export function formatFen(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Adds fen amounts exactly; a RangeError when the total leaves the safe-integer range. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount);
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError(`sumFen: the total exceeds ${Number.MAX_SAFE_INTEGER} fen`);
  }
  return total;
}

/** Throws a RangeError unless `fen` is a safe integer (a fractional fen is a bug upstream). */
export function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${fen} is not a whole number of fen`);
}
