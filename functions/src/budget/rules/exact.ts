/**
 * Exact arithmetic for the warning rules. Money is integer fen and every ratio a rule compares is a
 * quotient of integers, so each threshold test is done by cross-multiplying in BigInt (rate < 0.8
 * becomes 10000·cum < 8000·adj): no float ever decides whether a figure is on one side of a
 * threshold, and "exactly at the threshold" is exactly at it. Figures are turned into decimals
 * only for display, rounded half up at a fixed number of places.
 */

/** A non-negative (or negative) rational n/d with d > 0. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

export const ratio = (n: number | bigint, d: number | bigint): Ratio => {
  const den = BigInt(d);
  if (den === 0n) throw new RangeError('ratio: zero denominator');
  return den < 0n ? { n: -BigInt(n), d: -den } : { n: BigInt(n), d: den };
};

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Ratio, b: Ratio): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The median of ratios (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly Ratio[]): Ratio | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(compare);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  const a = sorted[mid - 1]!;
  const b = sorted[mid]!;
  return { n: a.n * b.d + b.n * a.d, d: 2n * a.d * b.d };
}

/** Rounds n/d half up (away from zero) to an integer. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return negative ? -q : q;
}

/** A rational as a decimal string with `places` decimals, rounded half up: (1, 3, 4) → "0.3333". */
export function toDecimal(r: Ratio, places: number): string {
  const scaled = roundHalfUp(r.n * 10n ** BigInt(places), r.d);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** A decimal string ("0.8", "20", "-1.25") as an exact rational. */
export function parseDecimal(text: string): Ratio {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal: ${text}`);
  const decimals = match[3] ?? '';
  const n = BigInt(match[2]! + decimals) * (match[1] ? -1n : 1n);
  return { n, d: 10n ** BigInt(decimals.length) };
}

/** Groups the digits of a whole number in threes: 1234567 → "1,234,567". */
function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Fen as 万元 with two decimals and thousands separators, rounded half up: 1234560000 → "1,234.56". */
export function wanYuan(fen: number | bigint): string {
  const text = toDecimal({ n: BigInt(fen), d: 1_000_000n }, 2);
  const negative = text.startsWith('-');
  const [whole, frac] = (negative ? text.slice(1) : text).split('.') as [string, string];
  return `${negative ? '-' : ''}${group(whole)}.${frac}`;
}

/** A ratio as a percentage with one decimal, rounded half up: 1/3 → "33.3". */
export function percent1(r: Ratio): string {
  return toDecimal({ n: r.n * 100n, d: r.d }, 1);
}
