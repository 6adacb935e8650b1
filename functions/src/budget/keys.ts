import type { ItemKey } from '../data/batch';

/**
 * Key builders of the budget domain; each takes the tenant first, then the budget year.
 * A budget line's natural key (unit, function, economic, project) is its `lineKey`, also the sort
 * key of its item, so a unit's lines are one `begins_with` Query of the year's line partition.
 */
export type BreakdownDimension = 'FUNCTION' | 'ECONOMIC' | 'UNIT';

/** The natural key of a budget line within a year; an empty project code is basic expenditure (基本支出). */
export interface LineNaturalKey {
  readonly unitCode: string;
  readonly functionCode: string;
  readonly economicCode: string;
  readonly projectCode: string;
}

export function lineKeyOf(k: LineNaturalKey): string {
  return `${k.unitCode}#${k.functionCode}#${k.economicCode}#${k.projectCode}`;
}

export function parseLineKey(lineKey: string): LineNaturalKey | null {
  const parts = lineKey.split('#');
  if (parts.length !== 4) return null;
  const [unitCode, functionCode, economicCode, projectCode] = parts as [string, string, string, string];
  return { unitCode, functionCode, economicCode, projectCode };
}

/** Money sorts as text in an index key: fen padded to 15 digits (up to ten trillion yuan). */
export function amountSortKey(fen: number): string {
  return String(fen).padStart(15, '0');
}

/** `ALL` for the tenant, `UNIT:<code>` for one unit's own breakdowns. */
export function aggregateScope(unitCode?: string | null): string {
  return unitCode ? `UNIT:${unitCode}` : 'ALL';
}

const year = (t: string, y: number) => `${t}#BUDGET#${y}`;

export const budgetKeys = {
  linesPartition: (t: string, y: number) => `${year(t, y)}#LINES`,
  line: (t: string, y: number, lineKey: string): ItemKey => ({ pk: `${year(t, y)}#LINES`, sk: lineKey }),
  byProject: (t: string, y: number, projectCode: string) => `${year(t, y)}#PROJECT#${projectCode}`,
  threePublicLines: (t: string, y: number) => `${year(t, y)}#THREE_PUBLIC`,

  payment: (t: string, y: number, paymentNumber: string): ItemKey => ({ pk: `${year(t, y)}#PAYMENT#${paymentNumber}`, sk: 'PAYMENT' }),
  paymentsOfYear: (t: string, y: number) => `${year(t, y)}#PAYMENTS`,
  paymentsOfLine: (t: string, y: number, lineKey: string) => `${year(t, y)}#LINE#${lineKey}`,
  paymentsOfUnit: (t: string, y: number, unitCode: string) => `${year(t, y)}#UNIT#${unitCode}`,

  totals: (t: string, y: number): ItemKey => ({ pk: `${year(t, y)}#TOTALS`, sk: 'TOTALS' }),
  /** One breakdown level: `parent` is `ROOT` for the top level, else the parent's code. */
  breakdownPartition: (t: string, y: number, scope: string, dimension: BreakdownDimension, parent: string) =>
    `${year(t, y)}#AGG#${scope}#${dimension}#${parent}`,
  breakdown: (t: string, y: number, scope: string, dimension: BreakdownDimension, parent: string, code: string): ItemKey => ({
    pk: `${year(t, y)}#AGG#${scope}#${dimension}#${parent}`,
    sk: code,
  }),
  threePublicAggregates: (t: string, y: number) => `${year(t, y)}#AGG#THREE_PUBLIC`,

  importJob: (t: string, jobId: string): ItemKey => ({ pk: `${t}#BUDGET_IMPORT#${jobId}`, sk: 'JOB' }),
  importJobPartition: (t: string, jobId: string) => `${t}#BUDGET_IMPORT#${jobId}`,
  /** Row errors sort by line, then column: one page of the job's partition is one page of errors. */
  importError: (t: string, jobId: string, line: number, column: string): ItemKey => ({
    pk: `${t}#BUDGET_IMPORT#${jobId}`,
    sk: `ERROR#${String(line).padStart(10, '0')}#${column}`,
  }),
  importJobsOfYear: (t: string, y: number) => `${year(t, y)}#IMPORTS`,
};

/** The key prefix of uploaded import files: the imports bucket's notification filter. */
export const IMPORT_PREFIX = 'imports/';

/** Where an import's CSV is uploaded: the tenant's prefix under the import prefix. */
export function importObjectKey(tenantId: string, year: number, jobId: string): string {
  return `${IMPORT_PREFIX}${tenantId}/budget/${year}/${jobId}.csv`;
}

export function parseImportObjectKey(key: string): { tenantId: string; year: number; jobId: string } | null {
  const match = /^imports\/([a-z][a-z0-9-]{1,39})\/budget\/(\d{4})\/([0-9A-Z]{26})\.csv$/.exec(key);
  if (!match) return null;
  return { tenantId: match[1]!, year: Number(match[2]), jobId: match[3]! };
}

