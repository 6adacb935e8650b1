/** The results table printed at the end of a run (and the JSON written with --json). */
import type { Timing, RoundTripSummary } from './measure';
import type { OperationKind } from './operations';

export interface OperationResult {
  readonly name: string;
  readonly kind: OperationKind;
  readonly timing: Timing;
  readonly targetMs: number;
  /** Median at or under the soft target. */
  readonly fast: boolean;
  readonly roundTrips: RoundTripSummary | null;
  readonly budget: number | null;
  /** null for pure functions (no round trips to gate). */
  readonly withinBudget: boolean | null;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

function table(headers: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (alignRight[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatResults(results: readonly OperationResult[]): string {
  const rows = results.map((r) => {
    const trips = r.roundTrips ? (r.roundTrips.min === r.roundTrips.max ? String(r.roundTrips.max) : `${r.roundTrips.min}-${r.roundTrips.max}`) : '-';
    return [
      r.name,
      r.kind,
      String(r.timing.n),
      ms(r.timing.min),
      ms(r.timing.median),
      ms(r.timing.p95),
      `<= ${r.targetMs}`,
      r.fast ? 'OK' : 'SLOW',
      trips,
      r.budget === null ? '-' : `<= ${r.budget}`,
      r.withinBudget === null ? '-' : r.withinBudget ? 'PASS' : 'FAIL',
    ];
  });
  const main = table(
    ['operation', 'kind', 'n', 'min ms', 'median ms', 'p95 ms', 'target', 'time', 'round trips', 'budget', 'gate'],
    rows,
    [false, false, true, true, true, true, true, false, true, true, false],
  );
  const breakdown = results
    .filter((r) => r.roundTrips)
    .map((r) => `  ${r.name}: ${r.roundTrips!.breakdown}`)
    .join('\n');
  const tenantChecks = results.reduce((n, r) => n + (r.roundTrips?.tenantChecks ?? 0), 0);
  const note =
    tenantChecks > 0
      ? `\n(${tenantChecks} tenant-existence GetItem(s) seen while measuring: the per-container tenant cache (60 s) expired; not counted above.)`
      : '';
  return `${main}\n\nRound trips of one call, as command(table[:index][ COUNT])×count:\n${breakdown}${note}`;
}
