/** Repetitions, timing statistics and round-trip summaries of one benchmarked operation. */
import type { RoundTrip } from './client';

export interface Sample {
  readonly ms: number;
  /** Absent for pure functions (no I/O). */
  readonly roundTrips?: readonly RoundTrip[];
}

export interface Timing {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of sorted values (p95 of 20 samples is the 19th). */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function timing(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    n: sorted.length,
    min: sorted[0]!,
    median,
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

export interface RoundTripSummary {
  /** Round trips per call, tenant checks left out; min and max over the measured calls. */
  readonly min: number;
  readonly max: number;
  /** The commands of the first measured call, e.g. "Query 1, BatchGet 2". */
  readonly breakdown: string;
  /** Tenant-existence checks seen over all measured calls (the 60 s cache expiring). */
  readonly tenantChecks: number;
}

export function summariseRoundTrips(samples: readonly Sample[]): RoundTripSummary | null {
  const counted = samples.filter((s) => s.roundTrips !== undefined);
  if (counted.length === 0) return null;
  const perCall = counted.map((s) => s.roundTrips!.filter((t) => !t.tenantCheck));
  const counts = perCall.map((c) => c.length);
  const byCommand = new Map<string, number>();
  for (const trip of perCall[0]!) {
    const key = `${trip.command}(${trip.target})`;
    byCommand.set(key, (byCommand.get(key) ?? 0) + 1);
  }
  return {
    min: Math.min(...counts),
    max: Math.max(...counts),
    breakdown: [...byCommand].map(([k, v]) => `${k}×${v}`).join(' ') || '-',
    tenantChecks: counted.reduce((n, s) => n + s.roundTrips!.filter((t) => t.tenantCheck).length, 0),
  };
}

/** Runs `warmup` unmeasured calls, then `iterations` measured ones, one after another. */
export async function repeat(warmup: number, iterations: number, once: (i: number) => Promise<Sample>): Promise<Sample[]> {
  let i = 0;
  for (let w = 0; w < warmup; w++) await once(i++);
  const samples: Sample[] = [];
  for (let k = 0; k < iterations; k++) samples.push(await once(i++));
  return samples;
}
