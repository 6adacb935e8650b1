import type DataLoader from 'dataloader';
import { BUDGET_READERS } from './access';
import { hasRole, requireRole, type Principal } from '../core/auth';
import { BadInputError, NotFoundError } from '../core/errors';
import { decodeGlobalId } from '../core/ids';
import { pageRequest, toConnection, type PageArgs } from '../core/pagination';
import type { ItemKey } from '../data/batch';
import { executedToDate } from './aggregates';
import { isClassificationCode, THREE_PUBLIC_CODES, THREE_PUBLIC_NAMES, type ThreePublicCode } from './classification';
import { classificationName } from './classification-names';
import { budgetKeys as keys, aggregateScope, parseLineKey, type BreakdownDimension } from './keys';
import { formatFen, parseYuan } from './money';
import { payeeForDeputy } from './payee';
import { splitPeriod } from './periods';
import { executionRate, gapPoints, timeProgress } from './rates';
import * as reads from './reads';
import type { BudgetLineConnectionModel, PaymentConnectionModel } from './read-models';
import type { BreakdownRecord, BudgetFigures, BudgetLineRecord, BudgetTotalsRecord, PaymentRecord } from './records';

/** Who sees a natural person's name as a payee; everyone else sees it masked (张某某 → 张**). */
export const PAYEE_NAME_READERS = ['BUDGET_STAFF'] as const;

const MAX_SEARCH = 50;
const UNIT_CODE = /^[0-9A-Za-z._-]{1,40}$/;
const PROJECT_CODE = /^[0-9A-Za-z._-]{1,40}$/;

export type BreakdownSort = 'CODE' | 'AMOUNT_DESC' | 'AMOUNT_ASC' | 'RATE_ASC' | 'RATE_DESC' | 'GAP_ASC' | 'GAP_DESC';

export interface LineFilterArgs {
  unitCode?: string | null;
  functionCode?: string | null;
  economicCode?: string | null;
  projectCode?: string | null;
  threePublic?: boolean | null;
  search?: string | null;
}

export interface PaymentFilterArgs {
  unitCode?: string | null;
  lineId?: string | null;
  payee?: string | null;
  minAmount?: string | null;
  from?: string | null;
  to?: string | null;
}

/** A budget line's local id (inside its global id): `<year>:<lineKey>`. */
export const lineLocalId = (line: Pick<BudgetLineRecord, 'year' | 'lineKey'>) => `${line.year}:${line.lineKey}`;
/** A payment's local id: `<year>:<payment number>`. */
export const paymentLocalId = (p: Pick<PaymentRecord, 'year' | 'paymentNumber'>) => `${p.year}:${p.paymentNumber}`;

function splitLocalId(localId: string): { year: number; rest: string } {
  const colon = localId.indexOf(':');
  return { year: Number(localId.slice(0, colon)), rest: localId.slice(colon + 1) };
}

function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadInputError(field, `${field} must be a budget year between 2000 and 2100`);
  return year;
}

/** A period argument: a real month of `year`, or null. */
function checkPeriod(period: string | null | undefined, year: number, field = 'period'): string | null {
  if (period === null || period === undefined) return null;
  const parts = splitPeriod(period);
  if (!parts) throw new BadInputError(field, `${field} must be a month YYYY-MM (01 to 12)`);
  if (parts.year !== year) throw new BadInputError(field, `${field} must be a month of ${year}`);
  return period;
}

function optionalCode(value: string | null | undefined, field: string, valid: (code: string) => boolean, what: string): string | null {
  if (value === null || value === undefined) return null;
  const code = value.trim();
  if (!valid(code)) throw new BadInputError(field, `${field} must be ${what}`);
  return code;
}

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length === 0 || [...text].length > MAX_SEARCH) throw new BadInputError(field, `${field} must be 1 to ${MAX_SEARCH} characters`);
  return text;
}

export function lineCriteria(filter: LineFilterArgs | null | undefined, prefix = 'filter'): reads.LineCriteria {
  const f = filter ?? {};
  return {
    unitCode: optionalCode(f.unitCode, `${prefix}.unitCode`, (c) => UNIT_CODE.test(c), 'a unit code'),
    functionCode: optionalCode(f.functionCode, `${prefix}.functionCode`, (c) => isClassificationCode('FUNCTION', c), 'a functional code of 3, 5 or 7 digits'),
    economicCode: optionalCode(f.economicCode, `${prefix}.economicCode`, (c) => isClassificationCode('ECONOMIC', c), 'an economic code of 3 or 5 digits'),
    projectCode: optionalCode(f.projectCode, `${prefix}.projectCode`, (c) => PROJECT_CODE.test(c), 'a project code'),
    threePublic: f.threePublic ?? null,
    search: optionalText(f.search, `${prefix}.search`),
  };
}

/** Rates of figures at a period: execution rate, time progress and the gap between them. */
export function ratesAt(executed: number, adjusted: number, period: string | null) {
  const rate = period === null ? null : executionRate(executed, adjusted);
  const progress = period === null ? null : timeProgress(period);
  return { executionRate: rate, timeProgress: progress, gapPoints: progress === null ? null : gapPoints(rate, progress) };
}

const executedAt = (figures: BudgetFigures, period: string | null) => (period === null ? 0 : (figures.executed[period] ?? 0));

const byRate = (dir: 1 | -1, value: (r: { executionRate: number | null; gapPoints: number | null }) => number | null) =>
  (a: { executionRate: number | null; gapPoints: number | null }, b: { executionRate: number | null; gapPoints: number | null }) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
    return dir * (x - y);
  };

/** Budget reads (查询 and 分析) for one request. */
export class BudgetService {
  private readonly totalsByYear = new Map<number, Promise<BudgetTotalsRecord | null>>();

  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  private requireReader(): void {
    requireRole(this.principal, ...BUDGET_READERS);
  }

  /** The payee as this caller may see it. */
  payeeShown(payee: string): string {
    return hasRole(this.principal, ...PAYEE_NAME_READERS) ? payee : payeeForDeputy(payee);
  }

  /** The year's totals, read once per request. */
  private totals(year: number): Promise<BudgetTotalsRecord | null> {
    let found = this.totalsByYear.get(year);
    if (!found) {
      found = reads.totals(this.tenantId, year);
      this.totalsByYear.set(year, found);
    }
    return found;
  }

  /** The period asked, else the latest imported (null before any execution). */
  private async periodOr(year: number, period: string | null): Promise<string | null> {
    return period ?? (await this.totals(year))?.latestPeriod ?? null;
  }

  async overview(args: { year: number; period?: string | null }) {
    this.requireReader();
    const year = checkYear(args.year);
    const asked = checkPeriod(args.period, year);
    const t = await this.totals(year);
    const period = asked ?? t?.latestPeriod ?? null;
    const executed = t ? executedAt(t, period) : 0;
    return {
      year,
      period,
      approved: formatFen(t?.approved ?? 0),
      adjusted: formatFen(t?.adjusted ?? 0),
      executed: formatFen(executed),
      ...ratesAt(executed, t?.adjusted ?? 0, period),
      latestPeriod: t?.latestPeriod ?? null,
      unitCount: t?.unitCount ?? 0,
      lineCount: t?.lineCount ?? 0,
      unreconciledLineCount: t?.unreconciledLineCount ?? 0,
    };
  }

  async breakdown(args: {
    year: number;
    period?: string | null;
    dimension: BreakdownDimension;
    parentCode?: string | null;
    unitCode?: string | null;
    sort?: BreakdownSort | null;
  }) {
    this.requireReader();
    const year = checkYear(args.year);
    const asked = checkPeriod(args.period, year);
    const { dimension } = args;
    const unitCode = optionalCode(args.unitCode, 'unitCode', (c) => UNIT_CODE.test(c), 'a unit code');
    const parentCode = this.checkParent(dimension, args.parentCode);
    const [period, rows] = await Promise.all([
      this.periodOr(year, asked),
      dimension === 'UNIT'
        ? reads.breakdownLevel(this.tenantId, year, 'ALL', 'UNIT', 'ROOT').then((r) => (unitCode ? r.filter((u) => u.code === unitCode) : r))
        : reads.breakdownLevel(this.tenantId, year, aggregateScope(unitCode), dimension, parentCode ?? 'ROOT'),
    ]);
    const shaped = rows.map((row) => this.breakdownRow(row, year, period));
    shaped.sort(BREAKDOWN_ORDER[args.sort ?? 'CODE']);
    return { year, period, dimension, parentCode, unitCode, rows: shaped.map(({ adjustedFen: _a, ...row }) => row) };
  }

  /** A parent code must be a level that has children in its dimension. */
  private checkParent(dimension: BreakdownDimension, parentCode: string | null | undefined): string | null {
    if (parentCode === null || parentCode === undefined) return null;
    const code = parentCode.trim();
    if (dimension === 'UNIT') throw new BadInputError('parentCode', 'parentCode: units have no level below them; filter budgetLines by unitCode');
    const ok = dimension === 'FUNCTION' ? isClassificationCode('FUNCTION', code, 'CLASS') || isClassificationCode('FUNCTION', code, 'SECTION') : isClassificationCode('ECONOMIC', code, 'CLASS');
    if (!ok) {
      throw new BadInputError(
        'parentCode',
        dimension === 'FUNCTION'
          ? 'parentCode must be a functional 类 (3 digits) or 款 (5 digits); below a 项, list budgetLines(filter: { functionCode })'
          : 'parentCode must be an economic 类 (3 digits); below a 款, list budgetLines(filter: { economicCode })',
      );
    }
    return code;
  }

  private breakdownRow(row: BreakdownRecord, year: number, period: string | null) {
    const executed = executedAt(row, period);
    const bottom = row.dimension === 'UNIT' || (row.dimension === 'FUNCTION' ? row.level >= 3 : row.level >= 2);
    const name = row.dimension === 'UNIT' ? row.name : (classificationName(row.dimension, row.code, year, row.name) ?? '');
    const rates = ratesAt(executed, row.adjusted, period);
    return {
      code: row.code,
      name,
      level: row.level,
      approved: formatFen(row.approved),
      adjusted: formatFen(row.adjusted),
      adjustedFen: row.adjusted,
      executed: formatFen(executed),
      executionRate: rates.executionRate,
      timeProgress: rates.timeProgress ?? 0,
      gapPoints: rates.gapPoints,
      lineCount: row.lineCount,
      hasChildren: !bottom,
    };
  }

  // ---- lines ----

  async lines(args: PageArgs & { year: number; filter?: LineFilterArgs | null }): Promise<BudgetLineConnectionModel> {
    this.requireReader();
    const year = checkYear(args.year);
    const request = pageRequest(args);
    const page = await reads.linesPage(this.tenantId, year, lineCriteria(args.filter), request);
    const { totalCount: _unused, ...connection } = toConnection<BudgetLineRecord>(page, async () => 0);
    return connection;
  }

  /** A line by its local id; another tenant's (or a malformed) id is NOT_FOUND. */
  async line(localId: string): Promise<BudgetLineRecord> {
    this.requireReader();
    const { year, rest } = splitLocalId(localId);
    const found = parseLineKey(rest) ? await this.loadLine(year, rest) : null;
    if (!found) throw new NotFoundError('Budget line');
    return found;
  }

  /** A line through the request's loader (a page of payments' lines is one BatchGetItem). */
  async loadLine(year: number, lineKey: string): Promise<BudgetLineRecord | null> {
    return (await this.items.load(keys.line(this.tenantId, year, lineKey))) as BudgetLineRecord | null;
  }

  async lineExecutedToDate(line: BudgetLineRecord, period: string | null | undefined): Promise<number> {
    const at = await this.periodOr(line.year, checkPeriod(period, line.year));
    return at === null ? 0 : executedToDate(line.executed, at);
  }

  async lineExecutionRate(line: BudgetLineRecord, period: string | null | undefined): Promise<number | null> {
    const at = await this.periodOr(line.year, checkPeriod(period, line.year));
    return at === null ? null : executionRate(executedToDate(line.executed, at), line.adjusted);
  }

  /** Months from January to the latest imported month (or the line's own latest report). */
  async lineMonthly(line: BudgetLineRecord): Promise<{ period: string; executedToDate: string; amount: string }[]> {
    const reported = Object.keys(line.executed).sort();
    const latest = [(await this.totals(line.year))?.latestPeriod ?? null, reported.at(-1) ?? null].filter((p): p is string => p !== null).sort().at(-1);
    if (!latest) return [];
    const months = splitPeriod(latest)?.month ?? 0;
    let previous = 0;
    return Array.from({ length: months }, (_, m) => {
      const period = `${line.year}-${String(m + 1).padStart(2, '0')}`;
      const cumulative = executedToDate(line.executed, period);
      const amount = cumulative - previous;
      previous = cumulative;
      return { period, executedToDate: formatFen(cumulative), amount: formatFen(amount) };
    });
  }

  // ---- payments ----

  async payment(localId: string): Promise<PaymentRecord> {
    this.requireReader();
    const { year, rest } = splitLocalId(localId);
    const found = (await this.items.load(keys.payment(this.tenantId, year, rest))) as PaymentRecord | null;
    if (!found) throw new NotFoundError('Payment');
    return found;
  }

  async payments(
    args: PageArgs & { year: number; filter?: PaymentFilterArgs | null; sort?: reads.PaymentOrder | null },
  ): Promise<PaymentConnectionModel> {
    this.requireReader();
    const year = checkYear(args.year);
    const request = pageRequest(args);
    const criteria = this.paymentCriteria(year, args.filter ?? {});
    if (criteria === null) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
    const page = await reads.paymentsPage(this.tenantId, year, criteria, args.sort ?? 'DATE_DESC', request);
    const { totalCount: _unused, ...connection } = toConnection<PaymentRecord>(page, async () => 0);
    return connection;
  }

  /** A line's own payments, oldest first. */
  async linePayments(line: BudgetLineRecord, args: PageArgs & { from?: string | null; to?: string | null }): Promise<PaymentConnectionModel> {
    this.requireReader();
    const request = pageRequest(args);
    const criteria = this.paymentCriteria(line.year, { from: args.from, to: args.to }, '');
    const page = await reads.paymentsPage(this.tenantId, line.year, { ...criteria!, lineKey: line.lineKey }, 'DATE_ASC', request);
    const { totalCount: _unused, ...connection } = toConnection<PaymentRecord>(page, async () => 0);
    return connection;
  }

  /** Validated payment criteria; null when they can match nothing (a line of another year). */
  private paymentCriteria(year: number, f: PaymentFilterArgs, prefix = 'filter.'): reads.PaymentCriteria | null {
    let lineKey: string | null = null;
    if (f.lineId !== null && f.lineId !== undefined) {
      const decoded = decodeGlobalId(f.lineId);
      if (!decoded || decoded.type !== 'BudgetLine') throw new BadInputError(`${prefix}lineId`, `${prefix}lineId is not a valid BudgetLine id`);
      const local = splitLocalId(decoded.localId);
      if (local.year !== year) return null;
      lineKey = local.rest;
    }
    let minAmount: number | null = null;
    if (f.minAmount !== null && f.minAmount !== undefined) {
      minAmount = parseYuan(f.minAmount);
      if (minAmount === null || minAmount < 0) throw new BadInputError(`${prefix}minAmount`, `${prefix}minAmount must be an amount of at least 0`);
    }
    const from = f.from ?? null;
    const to = f.to ?? null;
    if (from !== null && to !== null && from > to) throw new BadInputError(`${prefix}to`, `${prefix}to must not be before ${prefix}from`);
    const payee = optionalText(f.payee, `${prefix}payee`);
    return {
      unitCode: optionalCode(f.unitCode, `${prefix}unitCode`, (c) => UNIT_CODE.test(c), 'a unit code'),
      lineKey,
      minAmount,
      from,
      to,
      // Matched against the payee as shown, so a deputy cannot confirm a masked name by searching it.
      payee: payee === null ? null : (shown) => this.payeeShown(shown).includes(payee),
    };
  }

  // ---- 三公 and trends ----

  async threePublic(args: { year: number; period?: string | null }) {
    this.requireReader();
    const year = checkYear(args.year);
    const asked = checkPeriod(args.period, year);
    const [period, figures] = await Promise.all([this.periodOr(year, asked), reads.threePublicFigures(this.tenantId, year)]);
    const units = new Map<string, { code: string; name: string; items: ReturnType<typeof threePublicItem>[] }>();
    for (const f of figures) {
      let unit = units.get(f.unitCode);
      if (!unit) {
        unit = { code: f.unitCode, name: f.unitName, items: [] };
        units.set(f.unitCode, unit);
      }
      unit.items.push(threePublicItem(f.economicCode as ThreePublicCode, f, period));
    }
    return {
      year,
      period,
      units: [...units.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((u) => {
          const items = u.items.sort((a, b) => THREE_PUBLIC_CODES.indexOf(a.code) - THREE_PUBLIC_CODES.indexOf(b.code));
          return {
            unit: { code: u.code, name: u.name },
            items: items.map(({ adjustedFen: _a, executedFen: _e, ...item }) => item),
            adjusted: formatFen(items.reduce((s, i) => s + i.adjustedFen, 0)),
            executed: formatFen(items.reduce((s, i) => s + i.executedFen, 0)),
            over: items.some((i) => i.over),
          };
        }),
    };
  }

  async trend(args: { year: number; compareYear: number; dimension?: BreakdownDimension | null; code?: string | null }) {
    this.requireReader();
    const year = checkYear(args.year);
    const compareYear = checkYear(args.compareYear, 'compareYear');
    const dimension = args.dimension ?? null;
    const code = dimension === null ? null : this.trendCode(dimension, args.code);
    if (dimension === null && args.code) throw new BadInputError('dimension', 'dimension is required with a code');
    const keyOf = (y: number): ItemKey => {
      if (dimension === null || code === null) return keys.totals(this.tenantId, y);
      if (dimension === 'UNIT') return keys.breakdown(this.tenantId, y, 'ALL', 'UNIT', 'ROOT', code);
      const parent = code.length === 3 ? 'ROOT' : code.slice(0, code.length === 7 ? 5 : 3);
      return keys.breakdown(this.tenantId, y, 'ALL', dimension, parent, code);
    };
    // One BatchGetItem: both years' figures and totals (for their latest periods).
    const [current, compared, currentTotals, comparedTotals] = (await this.items.loadMany([
      keyOf(year),
      keyOf(compareYear),
      keys.totals(this.tenantId, year),
      keys.totals(this.tenantId, compareYear),
    ])) as (BudgetFigures & { name?: string } | null | Error)[];
    for (const r of [current, compared, currentTotals, comparedTotals]) if (r instanceof Error) throw r;
    const series = (figures: BudgetFigures | null, totals: BudgetTotalsRecord | null, y: number) => {
      const latest = totals?.latestPeriod ? (splitPeriod(totals.latestPeriod)?.month ?? 0) : 0;
      let previous = 0;
      return Array.from({ length: 12 }, (_, m) => {
        if (!figures || m + 1 > latest) return { executed: null, amount: null, executionRate: null };
        const cumulative = figures.executed[`${y}-${String(m + 1).padStart(2, '0')}`] ?? 0;
        const amount = cumulative - previous;
        previous = cumulative;
        return { executed: formatFen(cumulative), amount: formatFen(amount), executionRate: executionRate(cumulative, figures.adjusted) };
      });
    };
    const a = series(current as BudgetFigures | null, currentTotals as BudgetTotalsRecord | null, year);
    const b = series(compared as BudgetFigures | null, comparedTotals as BudgetTotalsRecord | null, compareYear);
    const named = (current ?? compared) as (BudgetFigures & { name?: string }) | null;
    const name =
      dimension === null || code === null
        ? null
        : dimension === 'UNIT'
          ? (named?.name ?? null)
          : classificationName(dimension, code, year, named?.name ?? null);
    return {
      year,
      compareYear,
      dimension,
      code,
      name,
      adjusted: formatFen((current as BudgetFigures | null)?.adjusted ?? 0),
      compareAdjusted: formatFen((compared as BudgetFigures | null)?.adjusted ?? 0),
      months: a.map((m, i) => ({
        month: i + 1,
        ...m,
        compareExecuted: b[i]!.executed,
        compareAmount: b[i]!.amount,
        compareExecutionRate: b[i]!.executionRate,
      })),
    };
  }

  private trendCode(dimension: BreakdownDimension, code: string | null | undefined): string {
    const value = (code ?? '').trim();
    const ok = dimension === 'UNIT' ? UNIT_CODE.test(value) : isClassificationCode(dimension, value);
    if (!ok) throw new BadInputError('code', dimension === 'UNIT' ? 'code must be a unit code' : `code must be a ${dimension === 'FUNCTION' ? 'functional code of 3, 5 or 7' : 'economic code of 3 or 5'} digits`);
    return value;
  }

  // ---- export ----

  /** Every line a filter selects with its figures at the period (exports read the whole selection). */
  async linesForExport(args: { year: number; period?: string | null; filter?: LineFilterArgs | null }) {
    this.requireReader();
    const year = checkYear(args.year);
    const asked = checkPeriod(args.period, year);
    const criteria = lineCriteria(args.filter);
    const [period, lines] = await Promise.all([this.periodOr(year, asked), reads.allLines(this.tenantId, year, criteria)]);
    return { year, period, lines };
  }
}

function threePublicItem(code: ThreePublicCode, f: BudgetFigures, period: string | null) {
  const executed = executedAt(f, period);
  return {
    code,
    name: THREE_PUBLIC_NAMES[code] ?? code,
    adjusted: formatFen(f.adjusted),
    executed: formatFen(executed),
    adjustedFen: f.adjusted,
    executedFen: executed,
    executionRate: executionRate(executed, f.adjusted),
    over: executed > f.adjusted,
  };
}

type RankedRow = { code: string; adjustedFen: number; executionRate: number | null; gapPoints: number | null };
const BREAKDOWN_ORDER: Record<BreakdownSort, (a: RankedRow, b: RankedRow) => number> = {
  CODE: (a, b) => a.code.localeCompare(b.code),
  AMOUNT_DESC: (a, b) => b.adjustedFen - a.adjustedFen || a.code.localeCompare(b.code),
  AMOUNT_ASC: (a, b) => a.adjustedFen - b.adjustedFen || a.code.localeCompare(b.code),
  RATE_ASC: (a, b) => byRate(1, (r) => r.executionRate)(a, b) || a.code.localeCompare(b.code),
  RATE_DESC: (a, b) => byRate(-1, (r) => r.executionRate)(a, b) || a.code.localeCompare(b.code),
  GAP_ASC: (a, b) => byRate(1, (r) => r.gapPoints)(a, b) || a.code.localeCompare(b.code),
  GAP_DESC: (a, b) => byRate(-1, (r) => r.gapPoints)(a, b) || a.code.localeCompare(b.code),
};
