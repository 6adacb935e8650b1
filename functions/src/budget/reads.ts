import type { Page, PageRequest } from '../core/pagination';
import { getItem } from '../data/items';
import { queryAll, queryBoundedPage, queryPage, type KeyQuery } from '../data/query';
import { amountSortKey, budgetKeys as keys, type BreakdownDimension } from './keys';
import type { BreakdownRecord, BudgetLineRecord, BudgetTotalsRecord, PaymentRecord, ThreePublicRecord } from './records';

/**
 * DynamoDB reads of the budget domain (budget table; the items are b-data's, see
 * docs/ARCHITECTURE.md "Budget data"). Every read is one GetItem or one key Query of a partition
 * named by the tenant and year; filters DynamoDB's key conditions cannot express are applied to a
 * bounded number of items (MAX_FILTERED_READ), so no request reads an unbounded partition.
 */
const TABLE = 'budget' as const;

/** Items a filtered page may evaluate: two Query round trips of at most 100–200 items each. */
export const MAX_FILTERED_READ = 400;

export function totals(tenantId: string, year: number): Promise<BudgetTotalsRecord | null> {
  return getItem<BudgetTotalsRecord>(TABLE, keys.totals(tenantId, year));
}

/** One breakdown level: a partition of at most a few hundred rows (the codes or units below one parent). */
export function breakdownLevel(tenantId: string, year: number, scope: string, dimension: BreakdownDimension, parent: string): Promise<BreakdownRecord[]> {
  return queryAll<BreakdownRecord>({ table: TABLE, partitionValue: keys.breakdownPartition(tenantId, year, scope, dimension, parent) });
}

/** 三公 figures of a year: one item per unit and 三公 code (at most four per unit). */
export function threePublicFigures(tenantId: string, year: number): Promise<ThreePublicRecord[]> {
  return queryAll<ThreePublicRecord>({ table: TABLE, partitionValue: keys.threePublicAggregates(tenantId, year) });
}

export interface LineCriteria {
  readonly unitCode: string | null;
  readonly functionCode: string | null;
  readonly economicCode: string | null;
  readonly projectCode: string | null;
  readonly threePublic: boolean | null;
  readonly search: string | null;
}

/** Whether a line meets every criterion (codes match their level and everything below). */
export function lineMatches(line: BudgetLineRecord, c: LineCriteria): boolean {
  if (c.unitCode !== null && line.unitCode !== c.unitCode) return false;
  if (c.functionCode !== null && !line.functionCode.startsWith(c.functionCode)) return false;
  if (c.economicCode !== null && !line.economicCode.startsWith(c.economicCode)) return false;
  if (c.projectCode !== null && line.projectCode !== c.projectCode) return false;
  if (c.threePublic !== null && line.threePublic !== c.threePublic) return false;
  if (c.search !== null) {
    const text = [line.unitName, line.projectName, line.projectCode, line.functionName, line.economicName].join('\u0000');
    if (!text.includes(c.search)) return false;
  }
  return true;
}

/**
 * The narrowest key query for line criteria: a project's sparse index, a unit's (and 类/款/项's)
 * range of the line partition, a code prefix of linesByFunction / linesByEconomic, the sparse 三公
 * index, else the year's whole line partition. Whatever the key does not narrow is `lineMatches`.
 */
function lineQuery(tenantId: string, year: number, c: LineCriteria): { query: KeyQuery; exact: boolean } {
  const partition = keys.linesPartition(tenantId, year);
  const base = { table: TABLE } as const;
  const rest = (covered: Partial<Record<keyof LineCriteria, true>>) =>
    (Object.keys(c) as (keyof LineCriteria)[]).every((k) => covered[k] || c[k] === null);
  if (c.projectCode !== null) {
    return { query: { ...base, index: 'linesByProject', partitionValue: keys.byProject(tenantId, year, c.projectCode) }, exact: rest({ projectCode: true }) };
  }
  if (c.unitCode !== null) {
    return {
      query: { ...base, partitionValue: partition, sortKeyPrefix: `${c.unitCode}#${c.functionCode ?? ''}` },
      exact: rest({ unitCode: true, functionCode: true }),
    };
  }
  if (c.functionCode !== null) {
    return { query: { ...base, index: 'linesByFunction', partitionValue: partition, sortKeyPrefix: c.functionCode }, exact: rest({ functionCode: true }) };
  }
  if (c.economicCode !== null) {
    return { query: { ...base, index: 'linesByEconomic', partitionValue: partition, sortKeyPrefix: c.economicCode }, exact: rest({ economicCode: true }) };
  }
  if (c.threePublic === true) {
    return { query: { ...base, index: 'linesThreePublic', partitionValue: keys.threePublicLines(tenantId, year) }, exact: rest({ threePublic: true }) };
  }
  return { query: { ...base, partitionValue: partition }, exact: rest({}) };
}

/** One page of lines: the key query alone when it is exact, else a bounded filtered read. */
export function linesPage(tenantId: string, year: number, criteria: LineCriteria, page: PageRequest): Promise<Page<BudgetLineRecord & Record<string, unknown>>> {
  const { query, exact } = lineQuery(tenantId, year, criteria);
  type Line = BudgetLineRecord & Record<string, unknown>;
  if (exact) return queryPage<Line>(query, page);
  return queryBoundedPage<Line>(query, page, { matches: (line) => lineMatches(line, criteria), maxItemsRead: MAX_FILTERED_READ });
}

/** Every line the criteria select (exports): the same key query, read to its end. */
export async function allLines(tenantId: string, year: number, criteria: LineCriteria): Promise<BudgetLineRecord[]> {
  const { query } = lineQuery(tenantId, year, criteria);
  return (await queryAll<BudgetLineRecord>(query)).filter((line) => lineMatches(line, criteria));
}

export type PaymentOrder = 'DATE_DESC' | 'DATE_ASC' | 'AMOUNT_DESC' | 'AMOUNT_ASC';

export interface PaymentCriteria {
  readonly unitCode: string | null;
  readonly lineKey: string | null;
  readonly minAmount: number | null;
  /** Dates `YYYY-MM-DD`, inclusive. */
  readonly from: string | null;
  readonly to: string | null;
  /** Tests the payee as the caller sees it (masked for deputies); null for no payee filter. */
  readonly payee: ((payee: string) => boolean) | null;
}

function paymentMatches(p: PaymentRecord, c: PaymentCriteria): boolean {
  if (c.unitCode !== null && p.unitCode !== c.unitCode) return false;
  if (c.lineKey !== null && p.lineKey !== c.lineKey) return false;
  if (c.minAmount !== null && p.amount < c.minAmount) return false;
  if (c.from !== null && p.date < c.from) return false;
  if (c.to !== null && p.date > c.to) return false;
  if (c.payee !== null && !c.payee(p.payee)) return false;
  return true;
}

/** Date-ordered sort keys are `<date>#<number>`: a day's range is `<from>` … `<to>#\uffff`. */
const dateRange = (from: string | null, to: string | null) => ({ from: from ?? undefined, to: to === null ? undefined : `${to}#\uffff` });

/**
 * The key query for payment criteria and an order: by date, a line's or a unit's index (else the
 * year's), with the date range as the key condition; by amount, the year's amount index with the
 * minimum as the key condition. What the key does not narrow is `paymentMatches`.
 */
function paymentQuery(tenantId: string, year: number, c: PaymentCriteria, order: PaymentOrder): { query: KeyQuery; exact: boolean } {
  const newestFirst = order === 'DATE_DESC' || order === 'AMOUNT_DESC';
  if (order === 'AMOUNT_DESC' || order === 'AMOUNT_ASC') {
    const query: KeyQuery = {
      table: TABLE,
      index: 'paymentsByAmount',
      partitionValue: keys.paymentsOfYear(tenantId, year),
      sortKeyRange: c.minAmount === null ? undefined : { from: amountSortKey(c.minAmount) },
      newestFirst,
    };
    return { query, exact: c.unitCode === null && c.lineKey === null && c.from === null && c.to === null && c.payee === null };
  }
  const range = dateRange(c.from, c.to);
  const exact = c.minAmount === null && c.payee === null;
  if (c.lineKey !== null) {
    const query: KeyQuery = { table: TABLE, index: 'paymentsByLine', partitionValue: keys.paymentsOfLine(tenantId, year, c.lineKey), sortKeyRange: range, newestFirst };
    return { query, exact };
  }
  if (c.unitCode !== null) {
    const query: KeyQuery = { table: TABLE, index: 'paymentsByUnit', partitionValue: keys.paymentsOfUnit(tenantId, year, c.unitCode), sortKeyRange: range, newestFirst };
    return { query, exact };
  }
  return { query: { table: TABLE, index: 'paymentsByDate', partitionValue: keys.paymentsOfYear(tenantId, year), sortKeyRange: range, newestFirst }, exact };
}

export function paymentsPage(
  tenantId: string,
  year: number,
  criteria: PaymentCriteria,
  order: PaymentOrder,
  page: PageRequest,
): Promise<Page<PaymentRecord & Record<string, unknown>>> {
  const { query, exact } = paymentQuery(tenantId, year, criteria, order);
  type Item = PaymentRecord & Record<string, unknown>;
  if (exact) return queryPage<Item>(query, page);
  return queryBoundedPage<Item>(query, page, { matches: (p) => paymentMatches(p, criteria), maxItemsRead: MAX_FILTERED_READ });
}
