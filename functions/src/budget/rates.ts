/**
 * Rates are plain numbers computed from integer fen at the last moment: an execution rate
 * (执行率) is executed ÷ adjusted, time progress (序时进度) is month ÷ 12, and the gap between
 * them is shown in percentage points. Rates are not rounded (a chart rounds as it draws); gaps are
 * rounded to two decimals because they are read as figures ("-12.5 个百分点").
 */
import type { Fen } from './money';
import { splitPeriod, type Period } from './periods';

/** Executed ÷ adjusted (above 1 when overspent); null when nothing was budgeted. */
export function executionRate(executed: Fen, adjusted: Fen): number | null {
  if (adjusted <= 0) return null;
  return executed / adjusted;
}

/** Share of the year elapsed at the end of a period: "2026-06" → 0.5; "2026-12" → 1. */
export function timeProgress(period: Period): number {
  const parts = splitPeriod(period);
  if (!parts) throw new RangeError(`timeProgress: "${period}" is not a period YYYY-MM`);
  return parts.month / 12;
}

/**
 * How far execution is ahead of (+) or behind (−) time progress, in percentage points rounded to
 * two decimals: rate 0.4 at progress 0.5 → -10. Null when there is no rate.
 */
export function gapPoints(rate: number | null, progress: number): number | null {
  if (rate === null) return null;
  const points = Math.round((rate - progress) * 10000) / 100;
  return points === 0 ? 0 : points; // never -0 in JSON
}
