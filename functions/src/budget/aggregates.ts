import { mapConcurrent } from '../core/concurrency';
import { batchWrite } from '../data/batch';
import { updateItem } from '../data/items';
import { parentOf, rollUpOf, type ClassificationKind } from './classification';
import { classificationName } from './classification-names';
import { queryAll } from '../data/query';
import { aggregateScope, budgetKeys as keys, type BreakdownDimension } from './keys';
import type { BreakdownRecord, BudgetFigures, BudgetLineRecord, BudgetTotalsRecord, ThreePublicRecord } from './records';

/**
 * Aggregates written when an import lands: recomputed from the year's stored lines (and, after a
 * payments import, the stored payments), so they are a pure function of the data — a resumed,
 * repeated or concurrent import that wrote the same lines lands the same figures, never a sum
 * moved twice. Reads then take one GetItem (totals) or one Query (a breakdown level).
 */

/** The twelve periods of a year. */
export function periodsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`);
}

/**
 * A line's cumulative execution at a period: the latest reported month at or before it (a month
 * without a report carries the previous one forward), 0 before the first report.
 */
export function executedToDate(executed: Readonly<Record<string, number>>, period: string): number {
  let best: string | null = null;
  for (const month of Object.keys(executed)) {
    if (month <= period && (best === null || month > best)) best = month;
  }
  return best === null ? 0 : (executed[best] ?? 0);
}

interface Accumulator {
  approved: number;
  adjusted: number;
  executed: number[];
  lineCount: number;
}

const emptyAccumulator = (): Accumulator => ({ approved: 0, adjusted: 0, executed: new Array<number>(12).fill(0), lineCount: 0 });

function add(acc: Accumulator, line: BudgetLineRecord, cumulative: readonly number[]): void {
  acc.approved += line.approved;
  acc.adjusted += line.adjusted;
  acc.lineCount += 1;
  for (let m = 0; m < 12; m++) acc.executed[m]! += cumulative[m]!;
}

function figures(acc: Accumulator, periods: readonly string[]): BudgetFigures {
  return {
    approved: acc.approved,
    adjusted: acc.adjusted,
    executed: Object.fromEntries(periods.map((p, m) => [p, acc.executed[m]!])),
    lineCount: acc.lineCount,
  };
}

/** The 类/款/项 of a function code, the 类/款 of an economic code: code, parent (or ROOT), level 1–3. */
function levels(kind: ClassificationKind, code: string): { code: string; parent: string; level: number }[] {
  return rollUpOf(kind, code).map((l, i) => ({ code: l.code, parent: parentOf(kind, l.code) ?? 'ROOT', level: i + 1 }));
}

export interface ComputedAggregates {
  readonly totals: Omit<BudgetTotalsRecord, 'landedAt' | 'landedByJob'>;
  readonly breakdowns: readonly BreakdownRecord[];
  readonly threePublic: readonly ThreePublicRecord[];
}

/**
 * Every aggregate of a year from its lines: tenant totals; units; each function level 类/款/项 and
 * economic level 类/款, for the tenant and within each unit; per unit and 三公 code. Each figure is
 * an exact integer sum of the lines below it, so every level adds up to the fen to its parent.
 */
export function computeAggregates(
  tenantId: string,
  year: number,
  lines: readonly BudgetLineRecord[],
): ComputedAggregates {
  const periods = periodsOf(year);
  const totals = emptyAccumulator();
  const groups = new Map<string, { acc: Accumulator; scope: string; dimension: BreakdownDimension; parent: string; code: string; level: number; name: string }>();
  const threePublic = new Map<string, { acc: Accumulator; unitCode: string; unitName: string; economicCode: string }>();
  const units = new Set<string>();
  let latestPeriod: string | null = null;
  let paid = 0;
  for (const line of lines) {
    for (const month of Object.keys(line.executed)) if (latestPeriod === null || month > latestPeriod) latestPeriod = month;
  }
  let unreconciled = 0;
  const group = (scope: string, dimension: BreakdownDimension, parent: string, code: string, level: number, name: string) => {
    const id = `${scope}|${dimension}|${parent}|${code}`;
    let entry = groups.get(id);
    if (!entry) {
      entry = { acc: emptyAccumulator(), scope, dimension, parent, code, level, name };
      groups.set(id, entry);
    }
    return entry.acc;
  };
  for (const line of lines) {
    const cumulative = periods.map((p) => executedToDate(line.executed, p));
    add(totals, line, cumulative);
    units.add(line.unitCode);
    paid += line.paid;
    const executedNow = latestPeriod ? executedToDate(line.executed, latestPeriod) : 0;
    if (line.paid !== executedNow) unreconciled += 1;

    add(group('ALL', 'UNIT', 'ROOT', line.unitCode, 1, line.unitName), line, cumulative);
    for (const scope of ['ALL', aggregateScope(line.unitCode)]) {
      for (const l of levels('FUNCTION', line.functionCode)) {
        const name = classificationName('FUNCTION', l.code, year, l.code === line.functionCode ? line.functionName : null) ?? '';
        add(group(scope, 'FUNCTION', l.parent, l.code, l.level, name), line, cumulative);
      }
      for (const l of levels('ECONOMIC', line.economicCode)) {
        const name = classificationName('ECONOMIC', l.code, year, l.code === line.economicCode ? line.economicName : null) ?? '';
        add(group(scope, 'ECONOMIC', l.parent, l.code, l.level, name), line, cumulative);
      }
    }
    if (line.threePublic) {
      const id = `${line.unitCode}#${line.economicCode}`;
      let entry = threePublic.get(id);
      if (!entry) {
        entry = { acc: emptyAccumulator(), unitCode: line.unitCode, unitName: line.unitName, economicCode: line.economicCode };
        threePublic.set(id, entry);
      }
      add(entry.acc, line, cumulative);
    }
  }
  return {
    totals: {
      ...keys.totals(tenantId, year),
      sk: 'TOTALS',
      type: 'BudgetTotals',
      tenantId,
      year,
      ...figures(totals, periods),
      unitCount: units.size,
      unreconciledLineCount: unreconciled,
      paid,
      latestPeriod,
    },
    breakdowns: [...groups.values()].map((g) => ({
      ...keys.breakdown(tenantId, year, g.scope, g.dimension, g.parent, g.code),
      type: 'BudgetBreakdown',
      tenantId,
      year,
      dimension: g.dimension,
      scope: g.scope,
      parent: g.parent,
      code: g.code,
      name: g.name,
      level: g.level,
      ...figures(g.acc, periods),
    })),
    threePublic: [...threePublic.values()].map((t) => ({
      pk: keys.threePublicAggregates(tenantId, year),
      sk: `${t.unitCode}#${t.economicCode}`,
      type: 'ThreePublicFigures',
      tenantId,
      year,
      unitCode: t.unitCode,
      unitName: t.unitName,
      economicCode: t.economicCode,
      ...figures(t.acc, periods),
    })),
  };
}

/** Payments summed per line, read as (lineKey, amount) pairs one unit at a time. */
async function paymentSums(tenantId: string, year: number, unitCodes: readonly string[]): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  await mapConcurrent(unitCodes, 4, async (unitCode) => {
    const payments = await queryAll<{ lineKey: string; amount: number }>({
      table: 'budget',
      index: 'paymentsByUnit',
      partitionValue: keys.paymentsOfUnit(tenantId, year, unitCode),
      attributes: ['lineKey', 'amount'],
    });
    for (const p of payments) sums.set(p.lineKey, (sums.get(p.lineKey) ?? 0) + p.amount);
  });
  return sums;
}

const UPDATE_CONCURRENCY = 16;

/**
 * Lands an import: (after payments) the exact payment sum of each line from the stored payments —
 * the payment items are keyed by number, so a re-written or repeated row is one item and is summed
 * once, whatever happened during the import — then every aggregate of the year, recomputed.
 */
export async function landImport(
  tenantId: string,
  year: number,
  options: { jobId: string; recountPayments: boolean; now?: string; onLanded?: (lines: readonly BudgetLineRecord[]) => Promise<void> },
): Promise<BudgetTotalsRecord> {
  let lines = await queryAll<BudgetLineRecord>({ table: 'budget', partitionValue: keys.linesPartition(tenantId, year) });
  if (options.recountPayments) {
    const sums = await paymentSums(tenantId, year, [...new Set(lines.map((l) => l.unitCode))]);
    const changed = lines.filter((l) => (sums.get(l.lineKey) ?? 0) !== l.paid);
    await mapConcurrent(changed, UPDATE_CONCURRENCY, (l) =>
      updateItem('budget', keys.line(tenantId, year, l.lineKey), { expression: 'SET paid = :paid', values: { ':paid': sums.get(l.lineKey) ?? 0 } }),
    );
    lines = lines.map((l) => ({ ...l, paid: sums.get(l.lineKey) ?? 0 }));
  }
  const computed = computeAggregates(tenantId, year, lines);
  const totals: BudgetTotalsRecord = { ...computed.totals, landedAt: options.now ?? new Date().toISOString(), landedByJob: options.jobId };
  await batchWrite('budget', [...computed.breakdowns, ...computed.threePublic].map((item) => ({ put: item as unknown as Record<string, unknown> })));
  // Totals last: once they name the job, every breakdown of it is in place.
  await batchWrite('budget', [{ put: totals as unknown as Record<string, unknown> }]);
  // Whatever runs on the landed data (the warning rules) gets the lines just read, not a second read.
  if (options.onLanded) await options.onLanded(lines);
  return totals;
}
